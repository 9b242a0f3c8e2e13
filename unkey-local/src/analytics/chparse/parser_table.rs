// Ported to Rust from AfterShip's clickhouse-sql-parser v0.4.18 (Go), file `parser/parser_table.go`.
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

//! The parts of `parser_table.go` a query reaches, and the statements (`parseStmt`,
//! `ParseStmts`).

use super::lexer::{p, Kind};
use super::parser_common::{err, go_quote, ident_node, kind_str, Fail, Node, Parser, Shape, R};
use super::walk::Sum;

impl Parser<'_> {
    /// `parseIdentOrFunction`.
    pub(crate) fn parse_ident_or_function(&mut self) -> R<Node> {
        let ident = self.parse_ident()?;
        if self.match_token_kind(p(b'[')) {
            // An `ObjectParams` walks to its object and parameters.
            let params = self.parse_array_params()?;
            return Ok(Node::other(Sum::of([Some(ident.sum), Some(params.sum)])));
        }
        if self.match_token_kind(p(b'(')) {
            // A `FunctionExpr` walks to its name and parameters.
            let params = self.parse_function_params()?;
            let mut function = Sum::call(self.ident_name(&ident), false);
            function.add(ident.sum);
            function.add(params.sum);
            if self.try_consume_keywords(&["OVER"])? {
                // A `WindowFunctionExpr` walks to its function and window.
                let over = if self.match_token_kind(Kind::Ident) {
                    self.parse_ident()?
                } else if self.match_token_kind(p(b'(')) {
                    self.parse_window_condition()?
                } else {
                    return err(format!(
                        "expected window name or (, but got {}",
                        go_quote(&kind_str(self.last_token_kind()))?
                    ));
                };
                return Ok(Node::other(Sum::of([Some(function), Some(over.sum)])));
            }
            return Ok(Node::other(function));
        }
        if self.try_consume_token_kind(p(b'.'))?.is_some() {
            if self.match_token_kind(Kind::Ident) {
                // A `Path` walks to its fields.
                let mut sum = Sum::of([Some(ident.sum)]);
                loop {
                    let child = self.parse_ident()?;
                    sum.add(child.sum);
                    if self.try_consume_token_kind(p(b'.'))?.is_none() {
                        break;
                    }
                }
                return Ok(Node::other(sum));
            }
            if self.match_token_kind(p(b'*')) {
                // A `NestedIdentifier` walks to its names.
                let star = self.parse_column_star()?;
                return Ok(Node::other(Sum::of([Some(ident.sum), Some(star.sum)])));
            }
            if self.match_token_kind(Kind::Int) {
                // An `IndexOperation` walks to its object and index.
                let index = self.parse_number()?;
                return Ok(Node::other(Sum::of([Some(ident.sum), Some(index.sum)])));
            }
            return err(format!(
                "expected IDENT, NUMBER or *, but got {}",
                go_quote(&kind_str(self.last_token_kind()))?
            ));
        }
        Ok(ident)
    }

    /// `parseTableIdentifier`: a `TableIdentifier` walks to its database and table; and
    /// whether it has a database, and `Ident.String()` of its first name.
    pub(crate) fn parse_table_identifier(&mut self) -> R<(Node, bool, String)> {
        let ident = self.parse_ident_or_string()?;
        let name = self.ident_string(&ident);
        let dot = self.try_parse_dot_ident_or_string()?;
        let has_database = dot.is_some();
        Ok((
            Node::other(Sum::of([Some(ident.sum), dot.map(|d| d.sum)])),
            has_database,
            name,
        ))
    }

    /// `parseTableColumns`: the columns' subtrees (with `INDEX`, `CONSTRAINT` and
    /// `PROJECTION` items).
    pub(crate) fn parse_table_columns(&mut self) -> R<Vec<Sum>> {
        let mut columns = Vec::new();
        while !self.lexer.is_eof() {
            if self.match_keyword("INDEX") {
                self.next()?;
                columns.push(self.parse_table_index()?);
            } else if self.match_keyword("CONSTRAINT") {
                // A `ConstraintClause` walks to its name and expression.
                self.next()?;
                let name = self.parse_ident()?;
                self.expect_keyword("CHECK")?;
                let expr = self.parse_expr()?;
                columns.push(Sum::of([Some(name.sum), Some(expr.sum)]));
            } else if self.match_keyword("PROJECTION") {
                self.expect_keyword("PROJECTION")?;
                columns.push(self.parse_table_projection()?);
            } else if let Some(column) = self.try_parse_table_column_expr()? {
                columns.push(column.sum);
            }
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        Ok(columns)
    }

    /// `tryParseTableColumnExpr`.
    fn try_parse_table_column_expr(&mut self) -> R<Option<Node>> {
        if !self.match_token_kind(Kind::Ident) {
            return Ok(None);
        }
        self.parse_table_column_expr().map(Some)
    }

    /// `parseTableColumnExpr`: a `ColumnDef` walks to its name, type, `NOT NULL`, `NULL`,
    /// expressions and comment (`CODEC` and `TTL` are not ported).
    pub(crate) fn parse_table_column_expr(&mut self) -> R<Node> {
        let name = self.parse_nested_identifier()?;
        let mut column_type = None;
        if self.match_token_kind(Kind::Ident) && !self.match_keyword("REMOVE") {
            column_type = Some(self.parse_column_type()?.sum);
        }
        let nullable = self.try_parse_null()?;
        let not_null = self.try_parse_not_null()?;
        let mut expr = None;
        if self.try_consume_keywords(&["DEFAULT"])?
            || self.try_consume_keywords(&["MATERIALIZED"])?
            || self.try_consume_keywords(&["ALIAS"])?
        {
            // (Go reads the end of the expression before its error: of a nil expression,
            // which panics.)
            expr = Some(match self.parse_expr() {
                Ok(e) => e.sum,
                Err(Fail::Syntax(_)) => {
                    return Err(Fail::Panic("a column's DEFAULT expression that fails"))
                }
                Err(e) => return Err(e),
            });
        }
        let mut comment = None;
        if self.try_consume_keywords(&["COMMENT"])? {
            comment = Some(self.parse_string()?.sum);
        }
        let codec = self.try_parse_compression_codecs()?;
        let ttl = self.try_parse_ttl_clause(false)?;
        Ok(Node::other(Sum::of([
            Some(name.sum),
            column_type,
            not_null.map(|n| n.sum),
            nullable.map(|n| n.sum),
            expr,
            codec,
            ttl,
            comment,
        ])))
    }

    /// `tryParseCompressionCodecs`: a `CompressionCodec` walks to its codecs and levels.
    pub(crate) fn try_parse_compression_codecs(&mut self) -> R<Option<Sum>> {
        if !self.try_consume_keywords(&["CODEC"])? {
            return Ok(None);
        }
        self.expect_token_kind(p(b'('))?;
        let codec_type = self.parse_ident()?;
        let upper = self.ident_name(&codec_type).to_uppercase();
        let mut type_level = None;
        let mut name = None;
        match upper.as_str() {
            "DELTA" | "DOUBLEDELTA" | "T64" | "GORILLA" => {
                type_level = self.try_parse_compression_level()?;
                if self.match_token_kind(p(b',')) {
                    self.expect_token_kind(p(b','))?;
                    name = Some(self.parse_ident()?);
                }
            }
            "ZSTD" | "LZ4HC" | "LH4" => type_level = self.try_parse_compression_level()?,
            _ => {}
        }
        let mut level = None;
        if let Some(name) = &name {
            if matches!(
                self.ident_name(name).to_uppercase().as_str(),
                "ZSTD" | "LZ4HC" | "LH4"
            ) {
                level = self.try_parse_compression_level()?;
            }
        }
        self.expect_token_kind(p(b')'))?;
        Ok(Some(Sum::of([
            Some(codec_type.sum),
            type_level,
            name.map(|n| n.sum),
            level,
        ])))
    }

    /// `tryParseCompressionLevel`.
    fn try_parse_compression_level(&mut self) -> R<Option<Sum>> {
        if self.try_consume_token_kind(p(b'('))?.is_none() {
            return Ok(None);
        }
        let number = self.parse_number()?;
        self.expect_token_kind(p(b')'))?;
        Ok(Some(number.sum))
    }

    /// `tryParseTTLClause`: a `TTLClause` walks to its items (`allow_multi`: more than one,
    /// after commas).
    pub(crate) fn try_parse_ttl_clause(&mut self, allow_multi: bool) -> R<Option<Sum>> {
        if !self.try_consume_keywords(&["TTL"])? {
            return Ok(None);
        }
        let mut sum = Sum::leaf();
        sum.add(self.parse_ttl_expr()?);
        while allow_multi && !self.lexer.is_eof() && self.try_consume_token_kind(p(b','))?.is_some()
        {
            sum.add(self.parse_ttl_expr()?);
        }
        Ok(Some(sum))
    }

    /// `parseTTLExpr`: a `TTLExpr` walks to its expression and policy.
    fn parse_ttl_expr(&mut self) -> R<Sum> {
        let expr = self.parse_expr()?;
        let policy = self.try_parse_ttl_policy()?;
        Ok(Sum::of([Some(expr.sum), policy]))
    }

    /// `tryParseTTLPolicy`: a `TTLPolicy` walks to its rule, `WHERE` and `GROUP BY`; a
    /// rule to its disk or volume (not to its action).
    pub(crate) fn try_parse_ttl_policy(&mut self) -> R<Option<Sum>> {
        let rule = if self.try_consume_keywords(&["TO"])? {
            if self.try_consume_keywords(&["DISK"])? || self.try_consume_keywords(&["VOLUME"])? {
                Sum::of([Some(self.parse_string()?.sum)])
            } else {
                return err(format!(
                    "unexpected token: {}, expected DISK or VOLUME",
                    go_quote(&kind_str(self.last_token_kind()))?
                ));
            }
        } else if self.match_keyword("DELETE") || self.match_keyword("RECOMPRESS") {
            self.next()?;
            self.try_parse_compression_codecs()?;
            Sum::leaf()
        } else {
            return Ok(None);
        };
        let where_clause = self.try_parse_where_like("WHERE")?;
        let group_by = self.try_parse_group_by_clause()?;
        Ok(Some(Sum::of([
            Some(rule),
            where_clause.map(|w| w.sum),
            group_by.map(|g| g.sum),
        ])))
    }

    /// `parseTableArgExpr`.
    fn parse_table_arg_expr(&mut self) -> R<Node> {
        if self.match_token_kind(Kind::Ident) {
            let ident = self.parse_ident()?;
            if self.match_token_kind(p(b'.')) {
                let dot = self.try_parse_dot_ident()?;
                return Ok(Node::other(Sum::of([Some(ident.sum), dot.map(|d| d.sum)])));
            }
            if self.match_token_kind(p(b'(')) {
                let args = self.parse_table_arg_list()?;
                let mut sum = Sum::call(self.ident_string(&ident), true);
                sum.add(ident.sum);
                sum.add(args.sum);
                return Ok(Node {
                    shape: Shape::TableFunction,
                    sum,
                });
            }
            return Ok(ident);
        }
        if self.match_token_kind(p(b'(')) {
            return self.parse_sub_query();
        }
        if self.match_token_kind(Kind::Int)
            || self.match_token_kind(Kind::Str)
            || self.match_keyword("NULL")
        {
            return self.parse_literal();
        }
        err(format!(
            "unexpected token: {}, expected <Name>, <literal>",
            go_quote(&self.last_string()?)?
        ))
    }

    /// `parseTableArgList`: a `TableArgListExpr` walks to its arguments (a
    /// `NamedParameterExpr` to its name and value).
    pub(crate) fn parse_table_arg_list(&mut self) -> R<Node> {
        self.enter()?;
        self.expect_token_kind(p(b'('))?;
        let mut sum = Sum::leaf();
        while !self.lexer.is_eof() {
            let mut named = None;
            if matches!(self.last_token_kind(), Kind::Ident | Kind::Keyword) {
                if let Ok(Some(next)) = self.peek_for_named() {
                    if next.kind == p(b'=') {
                        named = self.last();
                    }
                }
            }
            let arg = if let Some(name) = named {
                if let Err(e) = self.lexer.consume_token()? {
                    return err(e);
                }
                self.expect_token_kind(p(b'='))?;
                let value = self.parse_table_arg_expr()?;
                Node::other(Sum::of([Some(ident_node(&name).sum), Some(value.sum)]))
            } else {
                self.parse_table_arg_expr()?
            };
            sum.add(arg.sum);
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        self.expect_token_kind(p(b')'))?;
        self.leave();
        Ok(Node::other(sum))
    }

    /// The peek of `parseTableArgList` (an error of it ignored, the state left).
    fn peek_for_named(&mut self) -> R<Option<super::lexer::Token>> {
        match self.lexer.peek_token() {
            Ok(t) => Ok(t),
            Err(super::lexer::LexStop::Error(_)) => Ok(None),
            Err(stop) => Err(stop.into()),
        }
    }

    /// `tryParsePartitionByClause`: a `PartitionByClause` walks to its list.
    pub(crate) fn try_parse_partition_by_clause(&mut self) -> R<Option<Node>> {
        if !self.try_consume_keywords(&["PARTITION"])? {
            return Ok(None);
        }
        self.expect_keyword("BY")?;
        let list = self.parse_column_expr_list_with_lparen()?;
        Ok(Some(Node::other(Sum::of([Some(list.sum)]))))
    }

    /// `tryParseOrderByClause`.
    pub(crate) fn try_parse_order_by_clause(&mut self) -> R<Option<Node>> {
        if !self.try_consume_keywords(&["ORDER"])? {
            return Ok(None);
        }
        self.expect_keyword("BY")?;
        self.parse_order_by_clause().map(Some)
    }

    /// `parseOrderByClause`: an `OrderByClause` walks to its items and `INTERPOLATE`.
    fn parse_order_by_clause(&mut self) -> R<Node> {
        let mut sum = Sum::leaf();
        loop {
            let expr = self.parse_order_expr()?;
            sum.add(expr.sum);
            if self.lexer.is_eof() || self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        if self.match_keyword("INTERPOLATE") {
            self.next()?;
            let interpolate = self.parse_interpolate_clause()?;
            sum.add(interpolate.sum);
        }
        Ok(Node::other(sum))
    }

    /// `parseOrderExpr`: an `OrderExpr` walks to its expression, alias and `WITH FILL`.
    fn parse_order_expr(&mut self) -> R<Node> {
        let expr = self.parse_expr()?;
        let mut alias = None;
        if self.match_keyword("AS") {
            match self.lexer.peek_token() {
                Ok(Some(t)) if self.token_to_string(&t) == "SELECT" => {
                    return Ok(Node::other(Sum::of([Some(expr.sum)])));
                }
                Ok(Some(_)) | Err(super::lexer::LexStop::Error(_)) => {}
                Ok(None) => return Err(Fail::Panic("ORDER BY … AS at the end")),
                Err(stop) => return Err(stop.into()),
            }
            self.next()?;
            alias = Some(self.parse_ident()?.sum);
        } else if self.match_keyword("TTL") {
            return Ok(Node::other(Sum::of([Some(expr.sum)])));
        }
        if self.match_one_of_keywords(&["ASC", "ASCENDING", "DESC", "DESCENDING"]) {
            self.next()?;
        }
        let mut fill = None;
        if self.try_consume_keywords(&["WITH", "FILL"])? {
            fill = Some(self.parse_fill_clause()?.sum);
        }
        Ok(Node::other(Sum::of([Some(expr.sum), alias, fill])))
    }

    /// `parseFillClause`: a `Fill` walks to its `FROM`, `TO`, `STEP` and `STALENESS`.
    fn parse_fill_clause(&mut self) -> R<Node> {
        let mut sum = Sum::leaf();
        for keyword in ["FROM", "TO", "STEP", "STALENESS"] {
            if self.try_consume_keywords(&[keyword])? {
                let expr = self.parse_expr()?;
                sum.add(expr.sum);
            }
        }
        Ok(Node::other(sum))
    }

    /// `parseInterpolateClause`: an `InterpolateClause` walks to its items (an
    /// `InterpolateItem` to its column and expression).
    fn parse_interpolate_clause(&mut self) -> R<Node> {
        let mut sum = Sum::leaf();
        if self.try_consume_token_kind(p(b'('))?.is_none() {
            return Ok(Node::other(sum));
        }
        loop {
            let column = self.parse_ident()?;
            let mut item = Sum::of([Some(column.sum)]);
            if self.try_consume_keywords(&["AS"])? {
                let expr = self.parse_expr()?;
                item.add(expr.sum);
            }
            sum.add(item);
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        if self.try_consume_token_kind(p(b')'))?.is_none() {
            return err("expected ')' after INTERPOLATE column list".into());
        }
        Ok(Node::other(sum))
    }

    /// `tryParseSettingsClause`: a `SettingsClause` walks to its items (a `SettingExpr` to
    /// its name and value).
    pub(crate) fn try_parse_settings_clause(&mut self) -> R<Option<Node>> {
        if !self.try_consume_keywords(&["SETTINGS"])? {
            return Ok(None);
        }
        self.parse_settings_list().map(Some)
    }

    /// `parseSettingsClause` (its list is never empty): a `SettingsClause` walks to its
    /// items.
    pub(crate) fn parse_settings_list(&mut self) -> R<Node> {
        let mut sum = Sum::leaf();
        sum.add(self.parse_settings_expr()?);
        while self.try_consume_token_kind(p(b','))?.is_some() {
            sum.add(self.parse_settings_expr()?);
        }
        Ok(Node::other(sum))
    }

    /// `parseSettingsExpr`.
    fn parse_settings_expr(&mut self) -> R<Sum> {
        let ident = self.parse_ident()?;
        self.expect_token_kind(p(b'='))?;
        let expr = if self.match_token_kind(Kind::Int) {
            self.parse_number()?
        } else if self.match_token_kind(Kind::Str) {
            self.parse_string()?
        } else if self.match_token_kind(p(b'{')) {
            self.parse_map_literal()?
        } else if self.match_keyword("TRUE") || self.match_keyword("FALSE") {
            self.next()?;
            Node::leaf()
        } else {
            return err(format!(
                "unexpected token: {}, expected <number>, <bool> or <string>",
                go_quote(&self.last_string()?)?
            ));
        };
        Ok(Sum::of([Some(ident.sum), Some(expr.sum)]))
    }

    /// `parseStmt`: a query, or a statement of another kind as far as ported.
    fn parse_stmt(&mut self) -> R<Node> {
        let expr = if self.match_one_of_keywords(&[
            "CREATE", "ATTACH", "ALTER", "DROP", "DETACH", "TRUNCATE", "RENAME",
        ]) {
            self.parse_ddl()?
        } else if self.match_keyword("SELECT") || self.match_keyword("WITH") {
            self.parse_select_query()?
        } else if self.match_keyword("DELETE") {
            self.parse_delete_clause()?
        } else if self.match_keyword("INSERT") {
            self.parse_insert_stmt()?
        } else if self.match_keyword("USE") {
            self.parse_use_stmt()?
        } else if self.match_keyword("SET") || self.match_keyword("SETTINGS") {
            self.parse_set_stmt()?
        } else if self.match_keyword("SYSTEM") {
            self.parse_system_stmt()?
        } else if self.match_keyword("OPTIMIZE") {
            self.parse_optimize_stmt()?
        } else if self.match_keyword("CHECK") {
            self.parse_check_stmt()?
        } else if self.match_keyword("EXPLAIN") {
            self.parse_explain_stmt()?
        } else if self.match_keyword("GRANT") {
            self.parse_grant_privilege_stmt()?
        } else if self.match_keyword("SHOW") {
            self.parse_show_stmt()?
        } else if self.match_keyword("DESC") || self.match_keyword("DESCRIBE") {
            self.parse_describe_stmt()?
        } else {
            return err(format!(
                "unexpected token: {}",
                go_quote(&self.last_string()?)?
            ));
        };
        self.try_parse_format()?;
        if self.last().is_some() && !self.match_token_kind(p(b';')) {
            return err(format!(
                "<EOF> or ';' was expected, but got: {}",
                go_quote(&self.last_text())?
            ));
        }
        Ok(expr)
    }

    /// `parseExplainStmt` (parser_query.go): an `ExplainStmt` walks to its query.
    fn parse_explain_stmt(&mut self) -> R<Node> {
        self.expect_keyword("EXPLAIN")?;
        if self.match_one_of_keywords(&["SYNTAX", "PIPELINE", "ESTIMATE", "AST"]) {
            self.next()?;
        } else {
            return err(format!(
                "expected SYNTAX, PIPELINE, ESTIMATE or AST, got {}",
                kind_str(self.last_token_kind())
            ));
        }
        let stmt = self.parse_select_query()?;
        Ok(Node::other(Sum::of([Some(stmt.sum)])))
    }

    /// `ParseStmts`: the statements, each with where its text ends (at its `;` or the end;
    /// what follows a statement's `;` is no statement where it is one token, which Go reads
    /// and leaves), or the wrapped error (see [`Parser::wrap_error`]).
    pub(crate) fn parse_stmts(&mut self) -> Result<Result<Vec<(Node, usize)>, String>, Fail> {
        let mut stmts = Vec::new();
        loop {
            self.next()?;
            if self.lexer.is_eof() {
                break;
            }
            if self.match_token_kind(p(b';')) {
                continue;
            }
            match self.parse_stmt() {
                Ok(stmt) => {
                    let end = self.last().map_or(self.lexer.input.len(), |t| t.pos);
                    stmts.push((stmt, end));
                }
                Err(Fail::Syntax(message)) => return Ok(Err(self.wrap_error(&message)?)),
                Err(not_ported) => return Err(not_ported),
            }
        }
        Ok(Ok(stmts))
    }
}
