// Ported to Rust from AfterShip's clickhouse-sql-parser v0.4.18 (Go), file `parser/parser_query.go`.
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

//! Queries and their clauses (`parser_query.go`).

use super::lexer::{p, Kind};
use super::parser_column::PRECEDENCE_BETWEEN_LIKE;
use super::parser_common::{err, kind_str, Node, Parser, Shape, R};
use super::walk::Sum;

/// A `SelectQuery` as `parseSelectStmt` reads it, its set operations to come.
struct SelectStmt {
    items: Vec<Sum>,
    /// Whether it has a `FROM` clause.
    from: bool,
    settings: bool,
    /// Its clauses in `Walk`'s order (`With` … `Settings`), then `Format`.
    before_unions: Vec<Option<Sum>>,
    format: Option<Sum>,
}

impl Parser<'_> {
    /// `tryParseWithClause`.
    pub(crate) fn try_parse_with_clause(&mut self) -> R<Option<Node>> {
        if !self.match_keyword("WITH") {
            return Ok(None);
        }
        self.parse_with_clause().map(Some)
    }

    /// `parseWithClause`: a `WithClause` walks to its `CTEStmt`s.
    fn parse_with_clause(&mut self) -> R<Node> {
        self.expect_keyword("WITH")?;
        let cte = self.parse_cte_stmt()?;
        let mut sum = Sum::of([Some(cte.sum)]);
        while self.try_consume_token_kind(p(b','))?.is_some() {
            let cte = self.parse_cte_stmt()?;
            sum.add(cte.sum);
        }
        Ok(Node::other(sum))
    }

    /// `tryParseTopClause`.
    fn try_parse_top_clause(&mut self) -> R<Option<Node>> {
        if !self.match_keyword("TOP") {
            return Ok(None);
        }
        self.parse_top_clause().map(Some)
    }

    /// `parseTopClause`: a `TopClause` walks to its number.
    fn parse_top_clause(&mut self) -> R<Node> {
        self.expect_keyword("TOP")?;
        let number = self.parse_number()?;
        if self.try_consume_keywords(&["WITH"])? {
            self.expect_keyword("TIES")?;
        }
        Ok(Node::other(Sum::of([Some(number.sum)])))
    }

    /// `tryParseDistinctOn`.
    fn try_parse_distinct_on(&mut self) -> R<Option<Node>> {
        if !self.match_keyword("ON") {
            return Ok(None);
        }
        self.parse_distinct_on().map(Some)
    }

    /// `parseDistinctOn`: a `DistinctOn` walks to its names.
    fn parse_distinct_on(&mut self) -> R<Node> {
        self.expect_keyword("ON")?;
        self.expect_token_kind(p(b'('))?;
        let ident = self.parse_ident()?;
        let mut sum = Sum::of([Some(ident.sum)]);
        while self.match_token_kind(p(b',')) {
            self.next()?;
            let ident = self.parse_ident()?;
            sum.add(ident.sum);
        }
        self.expect_token_kind(p(b')'))?;
        Ok(Node::other(sum))
    }

    /// `tryParseFromClause`.
    fn try_parse_from_clause(&mut self) -> R<Option<Node>> {
        if !self.match_keyword("FROM") {
            return Ok(None);
        }
        self.parse_from_clause().map(Some)
    }

    /// `parseFromClause`: a `FromClause` walks to its expression.
    fn parse_from_clause(&mut self) -> R<Node> {
        self.expect_keyword("FROM")?;
        let expr = self.parse_join_expr()?;
        Ok(Node::other(Sum::of([Some(expr.sum)])))
    }

    /// `tryParseJoinConstraints`: an `OnClause` or `UsingClause` walks to its list.
    fn try_parse_join_constraints(&mut self) -> R<Option<Node>> {
        if self.try_consume_keywords(&["ON"])? {
            let list = self.parse_column_expr_list()?;
            return Ok(Some(Node::other(Sum::of([Some(list.sum)]))));
        }
        if self.try_consume_keywords(&["USING"])? {
            let has_paren = self.try_consume_token_kind(p(b'('))?.is_some();
            let list = self.parse_column_expr_list_with_lparen()?;
            if has_paren {
                self.expect_token_kind(p(b')'))?;
            }
            return Ok(Some(Node::other(Sum::of([Some(list.sum)]))));
        }
        Ok(None)
    }

    /// `parseJoinOp`: whether it read a modifier.
    fn parse_join_op(&mut self) -> R<bool> {
        let mut any = false;
        let mut take = |this: &mut Self, words: &[&str]| -> R<bool> {
            if this.match_one_of_keywords(words) {
                this.next()?;
                any = true;
                return Ok(true);
            }
            Ok(false)
        };
        if self.try_consume_keywords(&["CROSS"])? {
            return Ok(true);
        }
        if take(self, &["ANY", "ALL"])? {
            take(self, &["FULL"])?;
            take(self, &["LEFT", "RIGHT", "INNER", "OUTER"])?;
        } else if take(self, &["SEMI", "ASOF"])? {
            take(self, &["LEFT", "RIGHT"])?;
            take(self, &["OUTER"])?;
        } else if take(self, &["INNER"])? {
            take(self, &["ALL", "ANY", "ASOF"])?;
        } else if take(self, &["LEFT", "RIGHT"])? {
            take(self, &["OUTER"])?;
            take(self, &["SEMI", "ANTI", "ANY", "ALL", "ASOF", "ARRAY"])?;
        } else if take(self, &["FULL"])? {
            take(self, &["OUTER"])?;
            take(self, &["ALL", "ANY"])?;
        }
        Ok(any)
    }

    /// `parseJoinTableExpr`: a `JoinTableExpr` walks to its table and `SAMPLE`.
    fn parse_join_table_expr(&mut self) -> R<Node> {
        if self.match_token_kind(Kind::Ident)
            || self.match_token_kind(Kind::Str)
            || self.match_token_kind(p(b'('))
        {
            let table = self.parse_table_expr()?;
            if self.match_keyword("FINAL") {
                self.next()?;
            }
            let sample = self.try_parse_sample_clause()?;
            return Ok(Node::other(Sum::of([
                Some(table.sum),
                sample.map(|s| s.sum),
            ])));
        }
        err(format!(
            "expected table name or subquery, got {}",
            kind_str(self.last_token_kind())
        ))
    }

    /// `parseJoinRightExpr`: a `JoinExpr` walks to its left, right and constraints.
    fn parse_join_right_expr(&mut self) -> R<Option<Node>> {
        self.enter()?;
        let mut modifiers = false;
        if self.try_consume_keywords(&["GLOBAL"])? || self.try_consume_keywords(&["LOCAL"])? {
        } else if self.try_consume_token_kind(p(b','))?.is_some() {
            let join = self.parse_join_expr()?;
            self.leave();
            return Ok(Some(join));
        } else {
            modifiers = self.parse_join_op()?;
        }
        if modifiers && !self.match_keyword("JOIN") {
            return err(format!(
                "expected JOIN, got {}",
                kind_str(self.last_token_kind())
            ));
        }
        if !self.try_consume_keywords(&["JOIN"])? {
            self.leave();
            return Ok(None);
        }
        let expr = self.parse_join_table_expr()?;
        let constraints = self.try_parse_join_constraints()?;
        let right = self.parse_join_right_expr()?;
        self.leave();
        Ok(Some(Node::other(Sum::of([
            Some(expr.sum),
            right.map(|r| r.sum),
            constraints.map(|c| c.sum),
        ]))))
    }

    /// `parseJoinExpr`.
    fn parse_join_expr(&mut self) -> R<Node> {
        let expr = self.parse_join_table_expr()?;
        let Some(right) = self.parse_join_right_expr()? else {
            return Ok(expr);
        };
        Ok(Node::other(Sum::of([Some(expr.sum), Some(right.sum)])))
    }

    /// `parseTableExpr`: a `TableExpr` walks to its expression (an `AliasExpr` to its
    /// expression and alias).
    fn parse_table_expr(&mut self) -> R<Node> {
        let mut expr = if self.match_token_kind(Kind::Str) || self.match_token_kind(Kind::Ident) {
            let (table, has_database, name) = self.parse_table_identifier()?;
            if has_database || !self.match_token_kind(p(b'(')) {
                table
            } else {
                let args = self.parse_table_arg_list()?;
                // (The `TableFunctionExpr`'s name is the identifier's table.)
                let mut sum = Sum::call(name, true);
                sum.add(Sum::leaf());
                sum.add(args.sum);
                Node {
                    shape: Shape::TableFunction,
                    sum,
                }
            }
        } else if self.match_token_kind(p(b'(')) {
            self.parse_sub_query()?
        } else {
            return err("expect table name or subquery".into());
        };
        if self.try_consume_keywords(&["AS"])?
            || self.match_token_kind(Kind::Ident) && self.last_token_kind() != Kind::Keyword
        {
            let alias = self.parse_ident()?;
            expr = Node::other(Sum::of([Some(expr.sum), Some(alias.sum)]));
        }
        if self.try_consume_keywords(&["FINAL"])? {
            match expr.shape {
                Shape::TableFunction => return err("table function doesn't support FINAL".into()),
                Shape::SelectQuery { .. } => return err("subquery doesn't support FINAL".into()),
                _ => {}
            }
        }
        Ok(Node::other(Sum::of([Some(expr.sum)])))
    }

    /// `tryParsePrewhereClause`, `tryParseWhereClause`: the clause walks to its expression.
    pub(crate) fn try_parse_where_like(&mut self, keyword: &str) -> R<Option<Node>> {
        if !self.match_keyword(keyword) {
            return Ok(None);
        }
        self.expect_keyword(keyword)?;
        let expr = self.parse_expr()?;
        Ok(Some(Node::other(Sum::of([Some(expr.sum)]))))
    }

    /// `tryParseGroupByClause`.
    pub(crate) fn try_parse_group_by_clause(&mut self) -> R<Option<Node>> {
        if !self.match_keyword("GROUP") {
            return Ok(None);
        }
        self.parse_group_by_clause().map(Some)
    }

    /// `parseGroupByClause`: a `GroupByClause` walks to its expression.
    fn parse_group_by_clause(&mut self) -> R<Node> {
        self.expect_keyword("GROUP")?;
        self.expect_keyword("BY")?;
        let expr = if self.match_one_of_keywords(&["CUBE", "ROLLUP"]) {
            self.next()?;
            Some(self.parse_function_params()?)
        } else if self.try_consume_keywords(&["GROUPING", "SETS"])? {
            Some(self.parse_function_params()?)
        } else if self.try_consume_keywords(&["ALL"])? {
            None
        } else {
            Some(self.parse_column_expr_list_with_lparen()?)
        };
        while self.try_consume_keywords(&["WITH"])? {
            if !(self.try_consume_keywords(&["CUBE"])?
                || self.try_consume_keywords(&["ROLLUP"])?
                || self.try_consume_keywords(&["TOTALS"])?)
            {
                return err(format!(
                    "expected CUBE, ROLLUP or TOTALS, got {}",
                    kind_str(self.last_token_kind())
                ));
            }
        }
        Ok(Node::other(Sum::of([expr.map(|e| e.sum)])))
    }

    /// `tryParseLimitClause`.
    fn try_parse_limit_clause(&mut self) -> R<Option<Node>> {
        if !self.match_keyword("LIMIT") {
            return Ok(None);
        }
        self.parse_limit_clause().map(Some)
    }

    /// `parseLimitClause`: a `LimitClause` walks to its limit, then its offset.
    fn parse_limit_clause(&mut self) -> R<Node> {
        self.expect_keyword("LIMIT")?;
        let mut limit = self.parse_expr()?;
        let mut offset = None;
        if self.try_consume_keywords(&["OFFSET"])? {
            offset = Some(self.parse_expr()?);
        } else if self.try_consume_token_kind(p(b','))?.is_some() {
            offset = Some(limit);
            limit = self.parse_expr()?;
        }
        Ok(Node::other(Sum::of([
            Some(limit.sum),
            offset.map(|o| o.sum),
        ])))
    }

    /// `parseBetweenClause`: a `BetweenClause` walks to its expression and bounds.
    pub(crate) fn parse_between_clause(&mut self, expr: Option<Node>) -> R<Node> {
        self.expect_keyword("BETWEEN")?;
        let between = self.parse_sub_expr(PRECEDENCE_BETWEEN_LIKE)?;
        self.expect_keyword("AND")?;
        let and = self.parse_sub_expr(PRECEDENCE_BETWEEN_LIKE)?;
        Ok(Node::other(Sum::of([
            expr.map(|e| e.sum),
            Some(between.sum),
            Some(and.sum),
        ])))
    }

    /// `parseLimitByClause`: the `LimitClause`, or a `LimitByClause` (walking to it and its
    /// list), and whether it is the latter.
    fn parse_limit_by_clause(&mut self) -> R<(Node, bool)> {
        let limit = self.parse_limit_clause()?;
        if !self.try_consume_keywords(&["BY"])? {
            return Ok((limit, false));
        }
        let by = self.parse_column_expr_list_with_lparen()?;
        Ok((Node::other(Sum::of([Some(limit.sum), Some(by.sum)])), true))
    }

    /// `tryParseWindowFrameClause`.
    fn try_parse_window_frame_clause(&mut self) -> R<Option<Node>> {
        if !self.match_keyword("ROWS") && !self.match_keyword("RANGE") {
            return Ok(None);
        }
        self.parse_window_frame_clause().map(Some)
    }

    /// `parseWindowFrameClause`: a `WindowFrameClause` walks to its extent.
    fn parse_window_frame_clause(&mut self) -> R<Node> {
        if self.match_keyword("ROWS") || self.match_keyword("RANGE") {
            self.next()?;
        } else {
            return err("expected ROWS or RANGE for window frame".into());
        }
        let extent = if self.try_consume_keywords(&["BETWEEN"])? {
            let left = self.parse_frame_extent()?;
            self.expect_keyword("AND")?;
            let right = self.parse_frame_extent()?;
            Node::other(Sum::of([Some(left.sum), Some(right.sum)]))
        } else {
            self.parse_frame_extent()?
        };
        Ok(Node::other(Sum::of([Some(extent.sum)])))
    }

    /// `parseFrameExtent`.
    fn parse_frame_extent(&mut self) -> R<Node> {
        if self.match_keyword("CURRENT") {
            // `parseFrameCurrentRow`.
            self.next()?;
            self.expect_keyword("ROW")?;
            return Ok(Node::leaf());
        }
        if self.match_keyword("UNBOUNDED") {
            // `parseFrameUnbounded`.
            self.next()?;
            self.parse_frame_direction()?;
            return Ok(Node::leaf());
        }
        if self.match_token_kind(Kind::Int) {
            // `parseFrameNumber`: a `WindowFrameNumber` walks to its number.
            let number = self.parse_number()?;
            self.parse_frame_direction()?;
            return Ok(Node::other(Sum::of([Some(number.sum)])));
        }
        if self.match_token_kind(p(b'{')) {
            // `parseFrameParam`: `Walk` does not go into a `WindowFrameParam`.
            self.parse_query_param()?;
            self.parse_frame_direction()?;
            return Ok(Node::leaf());
        }
        if self.match_keyword("INTERVAL") {
            // `parseFrameInterval`: a `WindowFrameExtendExpr` walks to its interval.
            let interval = self.parse_interval(true)?;
            self.parse_frame_direction()?;
            return Ok(Node::other(Sum::of([Some(interval.sum)])));
        }
        err("expected UNBOUNDED, CURRENT ROW, integer, parameter, or interval".into())
    }

    /// `parseFrameDirection`, `parseFrameDirectionWithEnd`.
    fn parse_frame_direction(&mut self) -> R<()> {
        if self.match_keyword("PRECEDING") || self.match_keyword("FOLLOWING") {
            return self.next();
        }
        err(format!(
            "expected PRECEDING or FOLLOWING, got {}",
            kind_str(self.last_token_kind())
        ))
    }

    /// `tryParseWindowClause`.
    fn try_parse_window_clause(&mut self) -> R<Option<Node>> {
        if !self.match_keyword("WINDOW") {
            return Ok(None);
        }
        self.parse_window_clause().map(Some)
    }

    /// `parseWindowCondition`: a `WindowExpr` walks to its `PARTITION BY`, `ORDER BY` and
    /// frame.
    pub(crate) fn parse_window_condition(&mut self) -> R<Node> {
        self.expect_token_kind(p(b'('))?;
        let partition_by = self.try_parse_partition_by_clause()?;
        let order_by = self.try_parse_order_by_clause()?;
        let frame = self.try_parse_window_frame_clause()?;
        self.expect_token_kind(p(b')'))?;
        Ok(Node::other(Sum::of([
            partition_by.map(|n| n.sum),
            order_by.map(|n| n.sum),
            frame.map(|n| n.sum),
        ])))
    }

    /// `parseWindowClause`: a `WindowClause` walks to each window's name and expression.
    fn parse_window_clause(&mut self) -> R<Node> {
        self.expect_keyword("WINDOW")?;
        let mut sum = Sum::leaf();
        loop {
            let name = self.parse_ident()?;
            self.expect_keyword("AS")?;
            let condition = self.parse_window_condition()?;
            sum.add(name.sum);
            sum.add(condition.sum);
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        Ok(Node::other(sum))
    }

    /// `tryParseArrayJoinClause`.
    fn try_parse_array_join_clause(&mut self) -> R<Option<Node>> {
        if !self.match_keyword("LEFT")
            && !self.match_keyword("INNER")
            && !self.match_keyword("ARRAY")
        {
            return Ok(None);
        }
        self.parse_array_join_clause().map(Some)
    }

    /// `parseArrayJoinClause`: an `ArrayJoinClause` walks to its list.
    fn parse_array_join_clause(&mut self) -> R<Node> {
        if self.match_keyword("LEFT") || self.match_keyword("INNER") {
            self.next()?;
        }
        self.expect_keyword("ARRAY")?;
        self.expect_keyword("JOIN")?;
        let expr = self.parse_column_expr_list()?;
        Ok(Node::other(Sum::of([Some(expr.sum)])))
    }

    /// `tryParseHavingClause`: a `HavingClause` walks to its expression.
    fn try_parse_having_clause(&mut self) -> R<Option<Node>> {
        if !self.match_keyword("HAVING") {
            return Ok(None);
        }
        self.expect_keyword("HAVING")?;
        let expr = self.parse_columns_expr()?;
        Ok(Some(Node::other(Sum::of([Some(expr.sum)]))))
    }

    /// `parseSubQuery`: a `SubQuery` walks to its query.
    pub(crate) fn parse_sub_query(&mut self) -> R<Node> {
        let has_paren = self.try_consume_token_kind(p(b'('))?.is_some();
        let select = self.parse_select_query()?;
        if has_paren {
            self.expect_token_kind(p(b')'))?;
        }
        Ok(Node::other(Sum::of([Some(select.sum)])))
    }

    /// `parseSelectQuery`.
    pub(crate) fn parse_select_query(&mut self) -> R<Node> {
        self.enter()?;
        if !self.match_keyword("SELECT")
            && !self.match_keyword("WITH")
            && !self.match_token_kind(p(b'('))
        {
            return err(format!(
                "expected SELECT, WITH or (, got {}",
                kind_str(self.last_token_kind())
            ));
        }
        let has_paren = self.try_consume_token_kind(p(b'('))?.is_some();
        let stmt = self.parse_select_stmt()?;
        let (mut union_all, mut union_distinct, mut except) = (None, None, None);
        if self.try_consume_keywords(&["UNION"])? {
            if self.try_consume_keywords(&["ALL"])? {
                union_all = Some(self.parse_select_query()?.sum);
            } else if self.try_consume_keywords(&["DISTINCT"])? {
                union_distinct = Some(self.parse_select_query()?.sum);
            } else {
                return err(format!(
                    "expected ALL or DISTINCT, got {}",
                    kind_str(self.last_token_kind())
                ));
            }
        } else if self.try_consume_keywords(&["EXCEPT"])? {
            except = Some(self.parse_select_query()?.sum);
        }
        if has_paren {
            self.expect_token_kind(p(b')'))?;
        }
        // `Walk` of a `SelectQuery`: its clauses, unions and format; its `EXCEPT` is met
        // as the query is visited.
        let mut sum = Sum::select(stmt.items.len(), stmt.settings);
        if let Some(except) = except {
            sum.add_except(except);
        }
        let mut clauses = stmt.before_unions.into_iter();
        for clause in clauses.by_ref().take(3) {
            sum.add_opt(clause);
        }
        for item in stmt.items {
            sum.add(item);
        }
        for clause in clauses {
            sum.add_opt(clause);
        }
        sum.add_opt(union_all);
        sum.add_opt(union_distinct);
        sum.add_opt(stmt.format);
        self.leave();
        Ok(Node {
            shape: Shape::SelectQuery { from: stmt.from },
            sum,
        })
    }

    /// `parseSelectStmt`.
    fn parse_select_stmt(&mut self) -> R<SelectStmt> {
        let with = self.try_parse_with_clause()?;
        self.expect_keyword("SELECT")?;
        self.try_consume_keywords(&["DISTINCT"])?;
        let distinct_on = self.try_parse_distinct_on()?;
        let top = self.try_parse_top_clause()?;
        let items = self.parse_select_items()?;
        let from = self.try_parse_from_clause()?;
        let array_join = self.try_parse_array_join_clause()?;
        let prewhere = self.try_parse_where_like("PREWHERE")?;
        let where_clause = self.try_parse_where_like("WHERE")?;
        let group_by = self.try_parse_group_by_clause()?;
        if self.try_consume_keywords(&["WITH"])? {
            self.expect_keyword("TOTALS")?;
        }
        let having = self.try_parse_having_clause()?;
        let window = self.try_parse_window_clause()?;
        let order_by = self.try_parse_order_by_clause()?;
        let (mut limit_by, mut limit) = (None, None);
        if self.match_keyword("LIMIT") {
            let (parsed, is_by) = self.parse_limit_by_clause()?;
            if is_by {
                limit_by = Some(parsed);
                limit = self.try_parse_limit_clause()?;
            } else {
                limit = Some(parsed);
            }
        }
        let settings = self.try_parse_settings_clause()?;
        let format = self.try_parse_format()?;
        let has_settings = settings.is_some();
        let has_from = from.is_some();
        let sum = |n: Option<Node>| n.map(|n| n.sum);
        Ok(SelectStmt {
            items,
            from: has_from,
            settings: has_settings,
            before_unions: vec![
                sum(with),
                sum(distinct_on),
                sum(top),
                sum(from),
                sum(array_join),
                sum(window),
                sum(prewhere),
                sum(where_clause),
                sum(group_by),
                sum(having),
                sum(order_by),
                sum(limit_by),
                sum(limit),
                sum(settings),
            ],
            format: sum(format),
        })
    }

    /// `parseCTEStmt`: a `CTEStmt` walks to its expression and its query or name.
    fn parse_cte_stmt(&mut self) -> R<Node> {
        let expr = self.parse_expr()?;
        self.expect_keyword("AS")?;
        let alias = if self.match_token_kind(p(b'(')) {
            self.parse_select_query()?
        } else {
            self.parse_ident()?
        };
        Ok(Node::other(Sum::of([Some(expr.sum), Some(alias.sum)])))
    }

    /// `tryParseSampleClause`: a `SampleClause` walks to its ratio and offset.
    fn try_parse_sample_clause(&mut self) -> R<Option<Node>> {
        if !self.match_keyword("SAMPLE") {
            return Ok(None);
        }
        self.expect_keyword("SAMPLE")?;
        let ratio = self.parse_ratio_expr()?;
        let mut offset = None;
        if self.match_keyword("OFFSET") {
            self.next()?;
            offset = Some(self.parse_ratio_expr()?.sum);
        }
        Ok(Some(Node::other(Sum::of([Some(ratio.sum), offset]))))
    }
}
