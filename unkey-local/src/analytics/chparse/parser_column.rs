// Ported to Rust from AfterShip's clickhouse-sql-parser v0.4.18 (Go), file `parser/parser_column.go`.
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

//! Expressions, select items and column types (`parser_column.go`).

use super::keyword::{go_equal_fold, is_interval_unit};
use super::lexer::{p, Kind};
use super::parser_common::{err, go_quote, kind_str, Fail, Node, Parser, Shape, R};
use super::walk::Sum;

const PRECEDENCE_UNKNOWN: u8 = 0;
const PRECEDENCE_OR: u8 = 1;
const PRECEDENCE_AND: u8 = 2;
const PRECEDENCE_QUERY: u8 = 3;
const PRECEDENCE_NOT: u8 = 4;
const PRECEDENCE_GLOBAL: u8 = 5;
const PRECEDENCE_IS: u8 = 6;
const PRECEDENCE_COMPARE: u8 = 7;
pub(crate) const PRECEDENCE_BETWEEN_LIKE: u8 = 8;
pub(crate) const PRECEDENCE_IN: u8 = 9;
const PRECEDENCE_ADD_SUB: u8 = 10;
const PRECEDENCE_MUL_DIV_MOD: u8 = 11;
const PRECEDENCE_BRACKET: u8 = 12;
const PRECEDENCE_ARROW: u8 = 13;
const PRECEDENCE_DOT: u8 = 14;
const PRECEDENCE_DOUBLE_COLON: u8 = 15;

const DASH: Kind = Kind::P(b':', b':');
const ARROW: Kind = Kind::P(b'-', b'>');
const COMPARES: [Kind; 8] = [
    Kind::P(b'=', 0),
    Kind::P(b'<', 0),
    Kind::P(b'<', b'='),
    Kind::P(b'>', b'='),
    Kind::P(b'>', 0),
    Kind::P(b'=', b'='),
    Kind::P(b'!', b'='),
    Kind::P(b'<', b'>'),
];

/// The infix operators `parseInfix` reads as a `BinaryOperation` of its operator token.
const BINARY_KINDS: [Kind; 14] = [
    Kind::P(b'=', 0),
    Kind::P(b'<', 0),
    Kind::P(b'<', b'='),
    Kind::P(b'>', b'='),
    Kind::P(b'>', 0),
    Kind::P(b'!', b'='),
    Kind::P(b'<', b'>'),
    Kind::P(b'-', 0),
    Kind::P(b'+', 0),
    Kind::P(b'*', 0),
    Kind::P(b'/', 0),
    Kind::P(b'%', 0),
    ARROW,
    Kind::P(b'=', b'='),
];

impl Parser<'_> {
    fn match_any(&self, kinds: &[Kind]) -> bool {
        kinds.iter().any(|k| self.match_token_kind(*k))
    }

    /// `getNextPrecedence`.
    fn get_next_precedence(&self) -> u8 {
        if self.match_keyword("OR") {
            PRECEDENCE_OR
        } else if self.match_keyword("AND") {
            PRECEDENCE_AND
        } else if self.match_keyword("IS") {
            PRECEDENCE_IS
        } else if self.match_keyword("NOT") {
            PRECEDENCE_NOT
        } else if self.match_token_kind(p(b'.')) {
            PRECEDENCE_DOT
        } else if self.match_token_kind(DASH) {
            PRECEDENCE_DOUBLE_COLON
        } else if self.match_any(&COMPARES) {
            PRECEDENCE_COMPARE
        } else if self.match_any(&[p(b'+'), p(b'-')]) {
            PRECEDENCE_ADD_SUB
        } else if self.match_any(&[p(b'*'), p(b'/'), p(b'%')]) {
            PRECEDENCE_MUL_DIV_MOD
        } else if self.match_token_kind(ARROW) {
            PRECEDENCE_ARROW
        } else if self.match_any(&[p(b'('), p(b'[')]) {
            PRECEDENCE_BRACKET
        } else if self.match_one_of_keywords(&["BETWEEN", "LIKE", "ILIKE"]) {
            PRECEDENCE_BETWEEN_LIKE
        } else if self.match_keyword("IN") {
            PRECEDENCE_IN
        } else if self.match_keyword("GLOBAL") {
            PRECEDENCE_GLOBAL
        } else if self.match_token_kind(p(b'?')) {
            PRECEDENCE_QUERY
        } else {
            PRECEDENCE_UNKNOWN
        }
    }

    /// `parseInfix`.
    fn parse_infix(&mut self, expr: Node, precedence: u8) -> R<Node> {
        if self.match_any(&BINARY_KINDS)
            || self.match_one_of_keywords(&["IN", "LIKE", "ILIKE", "AND", "OR"])
        {
            self.next()?;
            let right = self.parse_sub_expr(precedence)?;
            return Ok(binary(expr, right));
        }
        if self.match_token_kind(DASH) {
            self.next()?;
            if self.match_token_kind(Kind::Ident) && self.last_text() == "Tuple" {
                let name = self.parse_ident()?;
                self.expect_token_kind(p(b'('))?;
                let right = self.parse_nested_type(name)?;
                return Ok(binary(expr, right));
            }
            let right = self.parse_sub_expr(precedence)?;
            return Ok(binary(expr, right));
        }
        if self.match_keyword("BETWEEN") {
            return self.parse_between_clause(Some(expr));
        }
        if self.match_keyword("GLOBAL") {
            self.next()?;
            if self.expect_keyword("IN").is_err() {
                return err(format!(
                    "expected IN after GLOBAL, got {}",
                    kind_str(self.last_token_kind())
                ));
            }
            let right = self.parse_sub_expr(precedence)?;
            return Ok(binary(expr, right));
        }
        if self.match_token_kind(p(b'.')) {
            self.next()?;
            let right = if self.match_token_kind(Kind::Ident) {
                self.parse_ident()?
            } else {
                self.parse_decimal()?
            };
            return Ok(binary(expr, right));
        }
        if self.match_keyword("NOT") {
            self.next()?;
            if !self.match_one_of_keywords(&["IN", "LIKE", "ILIKE"]) {
                return err(format!(
                    "expected IN, LIKE or ILIKE after NOT, got {}",
                    kind_str(self.last_token_kind())
                ));
            }
            // (`NOT BETWEEN` is refused just above.)
            self.next()?;
            let right = self.parse_sub_expr(precedence)?;
            return Ok(binary(expr, right));
        }
        if self.match_token_kind(p(b'[')) {
            let params = self.parse_array_params()?;
            return Ok(binary(expr, params));
        }
        if self.match_token_kind(p(b'?')) {
            return self.parse_ternary_expr(expr);
        }
        if self.match_keyword("IS") {
            self.next()?;
            self.try_consume_keywords(&["NOT"])?;
            self.expect_keyword("NULL")?;
            return Ok(Node::other(Sum::of([Some(expr.sum)])));
        }
        err(format!(
            "unexpected token kind: {}",
            kind_str(self.last_token_kind())
        ))
    }

    /// `parseExpr`.
    pub(crate) fn parse_expr(&mut self) -> R<Node> {
        self.parse_sub_expr(PRECEDENCE_UNKNOWN)
    }

    /// `parseSubExpr`.
    pub(crate) fn parse_sub_expr(&mut self, precedence: u8) -> R<Node> {
        self.enter()?;
        let mut expr = self.parse_unary_expr()?;
        while !self.lexer.is_eof() {
            let next = self.get_next_precedence();
            if next <= precedence {
                break;
            }
            expr = self.parse_infix(expr, next)?;
        }
        self.leave();
        Ok(expr)
    }

    /// `parseTernaryExpr`.
    fn parse_ternary_expr(&mut self, condition: Node) -> R<Node> {
        self.expect_token_kind(p(b'?'))?;
        let t = self.parse_expr()?;
        self.expect_token_kind(p(b':'))?;
        let f = self.parse_expr()?;
        Ok(Node::other(Sum::of([
            Some(condition.sum),
            Some(t.sum),
            Some(f.sum),
        ])))
    }

    /// `parseExtractFrom`: an `IntervalFrom` walks to its unit and expression.
    fn parse_extract_from(&mut self, ident: Node) -> R<Node> {
        self.expect_keyword("FROM")?;
        let expr = self.parse_expr()?;
        Ok(Node::other(Sum::of([Some(ident.sum), Some(expr.sum)])))
    }

    /// `parseColumnExtractExpr`.
    fn parse_column_extract_expr(&mut self) -> R<Node> {
        self.expect_keyword("EXTRACT")?;
        self.expect_token_kind(p(b'('))?;
        let mut sum = Sum::leaf();
        let mut parameters = 0;
        while !self.lexer.is_eof() {
            let expr = self.parse_expr()?;
            let param = if matches!(expr.shape, Shape::Ident(..))
                && is_interval_unit(&self.ident_name(&expr))
                && self.match_keyword("FROM")
            {
                self.parse_extract_from(expr)?
            } else {
                expr
            };
            sum.add(param.sum);
            parameters += 1;
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        if parameters == 0 {
            return err("EXTRACT requires at least one parameter".into());
        }
        self.expect_token_kind(p(b')'))?;
        Ok(Node::other(sum))
    }

    /// `parseUnaryExpr`.
    fn parse_unary_expr(&mut self) -> R<Node> {
        if self.match_any(&[p(b'+'), p(b'-')]) || self.match_keyword("NOT") {
            self.next()?;
        } else {
            return self.parse_column_expr();
        }
        let expr = self.parse_column_expr()?;
        Ok(Node::other(Sum::of([Some(expr.sum)])))
    }

    /// `peekTokenKind`.
    pub(crate) fn peek_token_kind(&mut self, kind: Kind) -> R<bool> {
        if self.lexer.is_eof() {
            return Ok(false);
        }
        Ok(match self.lexer.peek_token() {
            Ok(Some(t)) => t.kind == kind,
            Ok(None) => false,
            Err(super::lexer::LexStop::Error(_)) => false,
            Err(stop) => return Err(stop.into()),
        })
    }

    /// `peekKeyword`.
    pub(crate) fn peek_keyword(&mut self, keyword: &str) -> R<bool> {
        if self.lexer.is_eof() {
            return Ok(false);
        }
        Ok(match self.lexer.peek_token() {
            Ok(Some(t)) => t.kind == Kind::Keyword && go_equal_fold(self.lexer.slice(&t), keyword),
            Ok(None) => false,
            Err(super::lexer::LexStop::Error(_)) => false,
            Err(stop) => return Err(stop.into()),
        })
    }

    /// `isSelectItemTerminatorKeyword`.
    fn is_select_item_terminator_keyword(&self) -> bool {
        self.match_one_of_keywords(&[
            "FROM", "WHERE", "PREWHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "SETTINGS",
            "FORMAT", "UNION", "EXCEPT",
        ])
    }

    /// `parseColumnExpr`.
    pub(crate) fn parse_column_expr(&mut self) -> R<Node> {
        self.enter()?;
        let node = self.parse_column_expr_inner();
        self.leave();
        node
    }

    fn parse_column_expr_inner(&mut self) -> R<Node> {
        if self.match_token_kind(Kind::Keyword)
            && (self.peek_token_kind(p(b','))? || self.peek_keyword("AS")?)
        {
            return self.parse_ident();
        }
        if self.match_keyword("INTERVAL") {
            return self.parse_interval(true);
        }
        if self.match_one_of_keywords(&["DATE", "TIMESTAMP"]) {
            let next = self.lexer.peek_token()?;
            if next.is_some_and(|t| t.kind == Kind::Str) {
                return self.parse_string();
            }
            return self.parse_ident_or_function();
        }
        if self.match_keyword("CAST") {
            return self.parse_column_cast_expr();
        }
        if self.match_keyword("CASE") {
            return self.parse_column_case_expr();
        }
        if self.match_keyword("SELECT") {
            return self.parse_select_query();
        }
        if self.match_keyword("EXTRACT") {
            return self.parse_column_extract_expr();
        }
        if self.match_token_kind(Kind::Ident) {
            return self.parse_ident_or_function();
        }
        if self.match_token_kind(Kind::Str) {
            return self.parse_string();
        }
        if self.match_token_kind(Kind::Int) || self.match_token_kind(Kind::Float) {
            return self.parse_number();
        }
        if self.match_token_kind(p(b'(')) {
            // (An error of the peek is ignored, the state left where it stopped.)
            let peek = match self.lexer.peek_token() {
                Ok(t) => t,
                Err(super::lexer::LexStop::Error(_)) => None,
                Err(stop) => return Err(stop.into()),
            };
            if peek.is_some_and(|t| {
                t.kind == Kind::Keyword && go_equal_fold(self.lexer.slice(&t), "SELECT")
            }) {
                return self.parse_sub_query();
            }
            return self.parse_function_params();
        }
        if self.match_token_kind(p(b'*')) {
            return self.parse_column_star();
        }
        if self.match_token_kind(p(b'[')) {
            return self.parse_array_params();
        }
        if self.match_token_kind(p(b'{')) {
            if self.peek_token_kind(Kind::Ident)? || self.peek_token_kind(Kind::Keyword)? {
                return self.parse_query_param();
            }
            return self.parse_map_literal();
        }
        if self.match_token_kind(p(b'.')) {
            self.note_dot_number();
            return self.parse_number();
        }
        if self.match_token_kind(p(b'?')) {
            self.next()?;
            return Ok(Node::leaf());
        }
        err(format!(
            "unexpected token kind: {}",
            kind_str(self.last_token_kind())
        ))
    }

    /// `parseColumnCastExpr`.
    fn parse_column_cast_expr(&mut self) -> R<Node> {
        self.expect_keyword("CAST")?;
        self.expect_token_kind(p(b'('))?;
        let expr = self.parse_column_expr()?;
        if self.match_keyword("AS") || self.match_token_kind(p(b',')) {
            self.next()?;
        } else {
            return err(format!(
                "expected AS or , but got {}",
                kind_str(self.last_token_kind())
            ));
        }
        let as_type = if self.match_token_kind(Kind::Str) {
            self.parse_string()?
        } else {
            self.parse_column_type()?
        };
        self.expect_token_kind(p(b')'))?;
        Ok(Node::other(Sum::of([Some(expr.sum), Some(as_type.sum)])))
    }

    /// `parseColumnExprListWithLParen`.
    pub(crate) fn parse_column_expr_list_with_lparen(&mut self) -> R<Node> {
        self.parse_column_expr_list_with_term(Some(p(b')')))
    }

    /// `parseColumnExprList`.
    pub(crate) fn parse_column_expr_list(&mut self) -> R<Node> {
        self.parse_column_expr_list_with_term(None)
    }

    /// `parseColumnExprListWithTerm`: a `ColumnExprList` walks to its items.
    fn parse_column_expr_list_with_term(&mut self, term: Option<Kind>) -> R<Node> {
        self.try_consume_keywords(&["DISTINCT"])?;
        let mut sum = Sum::leaf();
        let mut comma = None;
        while !self.lexer.is_eof() || self.last().is_some() {
            if term.is_some_and(|t| self.match_token_kind(t)) {
                break;
            }
            comma = None;
            let column = self.parse_columns_expr()?;
            sum.add(column.sum);
            match self.try_consume_token_kind(p(b','))? {
                Some(t) => comma = Some(t.pos),
                None => break,
            }
        }
        self.dropped_commas.extend(comma);
        Ok(Node::other(sum))
    }

    /// `parseSelectItems`: the items' subtrees, in order.
    pub(crate) fn parse_select_items(&mut self) -> R<Vec<Sum>> {
        let mut items = Vec::new();
        while !self.lexer.is_eof() || self.last().is_some() {
            let item = self.parse_select_item()?;
            items.push(item.sum);
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        Ok(items)
    }

    /// `parseInterval`: an `IntervalExpr` walks to its expression and unit.
    pub(crate) fn parse_interval(&mut self, require_keyword: bool) -> R<Node> {
        if require_keyword {
            self.expect_keyword("INTERVAL")?;
        }
        let expr = self.parse_expr()?;
        let unit = self.parse_ident()?;
        let name = self.ident_name(&unit);
        if !is_interval_unit(&name) {
            return err(format!("unknown interval type: <{}>", go_quote(&name)?));
        }
        Ok(Node::other(Sum::of([Some(expr.sum), Some(unit.sum)])))
    }

    /// `parseFunctionExpr`: a `FunctionExpr` walks to its name and parameters.
    pub(crate) fn parse_function_expr(&mut self) -> R<Node> {
        let name = self.parse_ident()?;
        let params = self.parse_function_params()?;
        let mut sum = Sum::call(self.ident_name(&name), false);
        sum.add(name.sum);
        sum.add(params.sum);
        Ok(Node::other(sum))
    }

    /// `parseColumnArgList`: a `ColumnArgList` walks to its items.
    fn parse_column_arg_list(&mut self) -> R<Node> {
        self.expect_token_kind(p(b'('))?;
        self.try_consume_keywords(&["DISTINCT"])?;
        let mut sum = Sum::leaf();
        let mut comma = None;
        while !self.lexer.is_eof() && !self.match_token_kind(p(b')')) {
            comma = None;
            let item = self.parse_expr()?;
            sum.add(item.sum);
            match self.try_consume_token_kind(p(b','))? {
                Some(t) => comma = Some(t.pos),
                None => break,
            }
        }
        self.dropped_commas.extend(comma);
        self.expect_token_kind(p(b')'))?;
        Ok(Node::other(sum))
    }

    /// `parseFunctionParams`: a `ParamExprList` walks to its items' list and its second
    /// argument list.
    pub(crate) fn parse_function_params(&mut self) -> R<Node> {
        self.enter()?;
        self.expect_token_kind(p(b'('))?;
        let params = self.parse_column_expr_list_with_lparen()?;
        self.expect_token_kind(p(b')'))?;
        let mut sum = Sum::of([Some(params.sum)]);
        if self.match_token_kind(p(b'(')) {
            let args = self.parse_column_arg_list()?;
            sum.add(args.sum);
        }
        self.leave();
        Ok(Node::other(sum))
    }

    /// `parseMapLiteral`: a `MapLiteral` walks to each key and value.
    pub(crate) fn parse_map_literal(&mut self) -> R<Node> {
        self.expect_token_kind(p(b'{'))?;
        let mut sum = Sum::leaf();
        while !self.lexer.is_eof() && !self.match_token_kind(p(b'}')) {
            let key = self.parse_string()?;
            self.expect_token_kind(p(b':'))?;
            let value = self.parse_expr()?;
            sum.add(key.sum);
            sum.add(value.sum);
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        self.expect_token_kind(p(b'}'))?;
        Ok(Node::other(sum))
    }

    /// `parseQueryParam`: a `QueryParam` walks to its name and type.
    pub(crate) fn parse_query_param(&mut self) -> R<Node> {
        self.expect_token_kind(p(b'{'))?;
        let ident = self.parse_ident()?;
        self.expect_token_kind(p(b':'))?;
        let column_type = self.parse_column_type()?;
        self.expect_token_kind(p(b'}'))?;
        Ok(Node::other(Sum::of([
            Some(ident.sum),
            Some(column_type.sum),
        ])))
    }

    /// `parseArrayParams`: an `ArrayParamList` walks to its items' list.
    pub(crate) fn parse_array_params(&mut self) -> R<Node> {
        self.enter()?;
        self.expect_token_kind(p(b'['))?;
        let params = self.parse_column_expr_list_with_term(Some(p(b']')))?;
        self.expect_token_kind(p(b']'))?;
        self.leave();
        Ok(Node::other(Sum::of([Some(params.sum)])))
    }

    /// `parseColumnsExpr`: a `ColumnExpr` walks to its expression and alias.
    pub(crate) fn parse_columns_expr(&mut self) -> R<Node> {
        let expr = self.parse_expr()?;
        let mut alias = None;
        if self.try_consume_keywords(&["AS"])? {
            alias = Some(self.parse_ident()?.sum);
        }
        Ok(Node::other(Sum::of([Some(expr.sum), alias])))
    }

    /// `parseSelectItem`: a `SelectItem` walks to its expression, modifiers and alias.
    fn parse_select_item(&mut self) -> R<Node> {
        let expr = self.parse_expr()?;
        let mut sum = Sum::of([Some(expr.sum)]);
        while self.match_one_of_keywords(&["EXCEPT", "APPLY", "REPLACE"]) {
            let modifier = self.parse_function_expr()?;
            sum.add(modifier.sum);
        }
        // (`AS`, or a keyword that ends no select list: an alias; else a name if one.)
        let alias = if self.try_consume_keywords(&["AS"])?
            || self.last_token_kind() == Kind::Keyword && !self.is_select_item_terminator_keyword()
        {
            Some(self.parse_ident()?)
        } else {
            self.try_parse_ident()?
        };
        sum.add_opt(alias.map(|a| a.sum));
        Ok(Node::other(sum))
    }

    /// `parseColumnCaseExpr`: a `CaseExpr` walks to its expression, each `WhenClause`
    /// (its condition and result) and its `ELSE`.
    fn parse_column_case_expr(&mut self) -> R<Node> {
        self.expect_keyword("CASE")?;
        let mut sum = Sum::leaf();
        // (Each `WHEN` after the case's expression or a `THEN`'s result is written back glued
        // to it, see [`Parser::note_glued_when`].)
        let mut glued = false;
        if !self.match_keyword("WHEN") {
            let expr = self.parse_expr()?;
            sum.add(expr.sum);
            glued = true;
        }
        while self.match_keyword("WHEN") {
            if glued {
                self.note_glued_when();
            }
            self.next()?;
            let when = self.parse_expr()?;
            self.expect_keyword("THEN")?;
            let then = self.parse_expr()?;
            sum.add(Sum::of([Some(when.sum), Some(then.sum)]));
            glued = true;
        }
        if self.try_consume_keywords(&["ELSE"])? {
            let else_expr = self.parse_expr()?;
            sum.add(else_expr.sum);
        }
        self.expect_keyword("END")?;
        Ok(Node::other(sum))
    }

    /// `parseColumnType`.
    pub(crate) fn parse_column_type(&mut self) -> R<Node> {
        self.enter()?;
        let node = self.parse_column_type_inner();
        self.leave();
        node
    }

    fn parse_column_type_inner(&mut self) -> R<Node> {
        let ident = self.parse_ident()?;
        if self.try_consume_token_kind(p(b'('))?.is_some() {
            if self.match_token_kind(Kind::Ident) {
                let name = self.ident_name(&ident);
                if go_equal_fold(&name, "Nested") || go_equal_fold(&name, "Tuple") {
                    return self.parse_nested_type(ident);
                }
                if go_equal_fold(&name, "JSON") {
                    return self.parse_json_type(ident);
                }
                if go_equal_fold(&name, "QBit") {
                    return self.parse_column_type_with_params(ident);
                }
                return self.parse_complex_type(ident);
            }
            if self.match_token_kind(Kind::Str) {
                match self.lexer.peek_token() {
                    Ok(Some(t)) if t.kind == p(b'=') => return self.parse_enum_type(ident),
                    Ok(Some(_)) | Err(super::lexer::LexStop::Error(_)) => {}
                    // (Go reads the kind of the nil token, and panics.)
                    Ok(None) => return Err(Fail::Panic("a type's string parameter at the end")),
                    Err(stop) => return Err(stop.into()),
                }
                return self.parse_column_type_with_params(ident);
            }
            if self.match_token_kind(Kind::Int) || self.match_token_kind(Kind::Float) {
                return self.parse_column_type_with_params(ident);
            }
            if self.match_token_kind(p(b')')) {
                self.next()?;
                return Ok(Node::other(Sum::of([Some(ident.sum)])));
            }
            return err(format!(
                "unexpected token kind: {}",
                kind_str(self.last_token_kind())
            ));
        }
        Ok(Node::other(Sum::of([Some(ident.sum)])))
    }

    /// `parseComplexType`: a `ComplexType` walks to its name and parameters.
    fn parse_complex_type(&mut self, name: Node) -> R<Node> {
        let mut sum = Sum::of([Some(name.sum)]);
        while !self.lexer.is_eof() && !self.match_token_kind(p(b')')) {
            let sub = self.parse_column_type()?;
            sum.add(sub.sum);
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        self.expect_token_kind(p(b')'))?;
        Ok(Node::other(sum))
    }

    /// `parseEnumType`: an `EnumType` walks to its name and each `EnumValue` (its name and
    /// value).
    fn parse_enum_type(&mut self, name: Node) -> R<Node> {
        let mut sum = Sum::of([Some(name.sum)]);
        while !self.lexer.is_eof() && !self.match_token_kind(p(b')')) {
            let value = self.parse_enum_value_expr()?;
            sum.add(value.sum);
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        self.expect_token_kind(p(b')'))?;
        Ok(Node::other(sum))
    }

    /// `parseColumnTypeWithParams`: a `TypeWithParams` walks to its name and parameters.
    fn parse_column_type_with_params(&mut self, name: Node) -> R<Node> {
        let mut sum = Sum::of([Some(name.sum)]);
        let param = self.parse_literal()?;
        sum.add(param.sum);
        while !self.lexer.is_eof() && self.try_consume_token_kind(p(b','))?.is_some() {
            let size = self.parse_literal()?;
            sum.add(size.sum);
        }
        self.expect_token_kind(p(b')'))?;
        Ok(Node::other(sum))
    }

    /// `parseJSONType` (after `JSON(`, at an identifier): a `JSONType` walks to its name
    /// only (not to its options).
    fn parse_json_type(&mut self, name: Node) -> R<Node> {
        while !self.lexer.is_eof() && !self.match_token_kind(p(b')')) {
            self.parse_json_option()?;
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        self.expect_token_kind(p(b')'))?;
        Ok(Node::other(Sum::of([Some(name.sum)])))
    }

    /// `parseJSONOption`: `SKIP REGEXP 's'`, `SKIP a.b`, `max_dynamic_types = N`,
    /// `max_dynamic_paths = N`, or a path and its type.
    fn parse_json_option(&mut self) -> R<()> {
        if self.try_consume_keywords(&["SKIP"])? {
            if self.try_consume_keywords(&["REGEXP"])? {
                self.parse_string()?;
            } else {
                self.parse_json_path()?;
            }
            return Ok(());
        }
        if !self.match_token_kind(Kind::Ident) {
            return err(format!(
                "unexpected token kind: {}",
                kind_str(self.last_token_kind())
            ));
        }
        let path = self.parse_json_path()?;
        if self.try_consume_token_kind(p(b'='))?.is_some() {
            let single = match path.as_slice() {
                [only] => Some(only.as_str()),
                _ => None,
            };
            if matches!(single, Some("max_dynamic_types" | "max_dynamic_paths")) {
                self.parse_number()?;
                return Ok(());
            }
            return err(format!(
                "unexpected token kind: {}",
                kind_str(self.last_token_kind())
            ));
        }
        self.parse_column_type()?;
        Ok(())
    }

    /// `parseJSONPath`: the names of its identifiers.
    fn parse_json_path(&mut self) -> R<Vec<String>> {
        let first = self.parse_ident()?;
        let mut names = vec![self.ident_name(&first)];
        while !self.lexer.is_eof() && self.try_consume_token_kind(p(b'.'))?.is_some() {
            let next = self.parse_ident()?;
            names.push(self.ident_name(&next));
        }
        Ok(names)
    }

    /// `parseNestedType`: a `NestedType` walks to its name and columns.
    pub(crate) fn parse_nested_type(&mut self, name: Node) -> R<Node> {
        let columns = self.parse_table_columns()?;
        self.expect_token_kind(p(b')'))?;
        let mut sum = Sum::of([Some(name.sum)]);
        for column in columns {
            sum.add(column);
        }
        Ok(Node::other(sum))
    }

    /// `parseEnumValueExpr`.
    fn parse_enum_value_expr(&mut self) -> R<Node> {
        let name = self.parse_string()?;
        self.expect_token_kind(p(b'='))?;
        let value = self.parse_number()?;
        Ok(Node::other(Sum::of([Some(name.sum), Some(value.sum)])))
    }

    /// `parseColumnStar`: an `Ident` `*`.
    pub(crate) fn parse_column_star(&mut self) -> R<Node> {
        let at = self.last();
        self.expect_token_kind(p(b'*'))?;
        Ok(at.map_or_else(Node::leaf, |t| Node {
            shape: Shape::Ident(t.pos, t.end),
            sum: Sum::leaf(),
        }))
    }
}

/// A node of two children (`BinaryOperation`, `IndexOperation`, `ObjectParams`, …).
fn binary(left: Node, right: Node) -> Node {
    Node::other(Sum::of([Some(left.sum), Some(right.sum)]))
}
