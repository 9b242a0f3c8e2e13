// Ported to Rust from AfterShip's clickhouse-sql-parser v0.4.18 (Go), files
// `parser/parser_table.go`, `parser/parser_drop.go`, `parser/parser_view.go` and
// `parser/parse_system.go`.
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

//! The statements other than queries, as far as ported: only whether the parser takes
//! one and its error where it does not matter (upstream answers "Only SELECT queries are
//! allowed" for any it takes), so no tree is built for them. A statement or part of one
//! not ported is [`Fail::NotPorted`].

use super::lexer::{p, Kind};
use super::parser_common::{err, go_quote, kind_str, Fail, Node, Parser, R};
use super::walk::Sum;

impl Parser<'_> {
    /// `parseDDL`: `CREATE`/`ATTACH`, `ALTER`, `DROP`/`DETACH`, `TRUNCATE`, `RENAME`.
    pub(crate) fn parse_ddl(&mut self) -> R<Node> {
        if self.match_keyword("CREATE") || self.match_keyword("ATTACH") {
            self.next()?;
            let or_replace = self.try_consume_keywords(&["OR", "REPLACE"])?;
            if or_replace
                && !self.match_one_of_keywords(&[
                    "TEMPORARY",
                    "TABLE",
                    "VIEW",
                    "FUNCTION",
                    "DICTIONARY",
                ])
            {
                return err(format!(
                    "expected keyword: TEMPORARY|TABLE|VIEW|FUNCTION|DICTIONARY, but got {}",
                    go_quote(&self.last_string()?)?
                ));
            }
            if self.match_keyword("DATABASE") {
                return self.parse_create_database();
            }
            if self.match_keyword("TABLE") || self.match_keyword("TEMPORARY") {
                return self.parse_create_table();
            }
            if self.match_keyword("VIEW") {
                return self.parse_create_view();
            }
            if self.match_keyword("MATERIALIZED") {
                return self.parse_create_materialized_view();
            }
            if self.match_keyword("LIVE") {
                return self.parse_create_live_view();
            }
            if self.match_keyword("FUNCTION") {
                return self.parse_create_function();
            }
            if self.match_keyword("DICTIONARY") {
                return self.parse_create_dictionary();
            }
            if self.match_keyword("ROLE") {
                return self.parse_create_role();
            }
            if self.match_keyword("USER") {
                return self.parse_create_user();
            }
            return err(format!(
                "expected keyword: DATABASE|DICTIONARY|TABLE|VIEW|ROLE|USER|FUNCTION|MATERIALIZED, but got {}",
                go_quote(&kind_str(self.last_token_kind()))?
            ));
        }
        if self.match_keyword("ALTER") {
            self.next()?;
            if self.match_keyword("TABLE") {
                return self.parse_alter_table();
            }
            if self.match_keyword("ROLE") {
                return self.parse_alter_role();
            }
            return err(format!(
                "expected keyword: TABLE|ROLE, but got {}",
                go_quote(&self.last_string()?)?
            ));
        }
        if self.match_keyword("DROP") || self.match_keyword("DETACH") {
            self.next()?;
            if self.match_keyword("DATABASE") {
                return self.parse_drop_database();
            }
            if self.match_one_of_keywords(&["TEMPORARY", "VIEW", "DICTIONARY", "TABLE"]) {
                return self.parse_drop_stmt();
            }
            if self.match_one_of_keywords(&["USER", "ROLE"]) {
                return self.parse_drop_user_or_role();
            }
            return err(format!(
                "expected keyword: DATABASE|TABLE, but got {}",
                go_quote(&self.last_string()?)?
            ));
        }
        if self.match_keyword("TRUNCATE") {
            return self.parse_truncate_table();
        }
        // (`RENAME`, the one keyword left that `parseStmt` sends here.)
        self.parse_rename_stmt()
    }

    /// `parseCreateDatabase`.
    fn parse_create_database(&mut self) -> R<Node> {
        self.expect_keyword("DATABASE")?;
        self.try_parse_if_not_exists()?;
        self.parse_ident()?;
        self.try_parse_cluster_clause()?;
        self.try_parse_engine_expr()?;
        self.try_parse_comment()?;
        Ok(Node::leaf())
    }

    /// `parseCreateTable`.
    fn parse_create_table(&mut self) -> R<Node> {
        self.try_consume_keywords(&["TEMPORARY"])?;
        self.expect_keyword("TABLE")?;
        self.try_parse_if_not_exists()?;
        self.parse_table_identifier()?;
        self.try_parse_uuid()?;
        self.try_parse_cluster_clause()?;
        self.parse_table_schema_clause()?;
        self.try_parse_engine_expr()?;
        if self.try_consume_keywords(&["AS"])? {
            if self.match_keyword("SELECT")
                || self.match_keyword("WITH")
                || self.match_token_kind(p(b'('))
            {
                self.parse_sub_query()?;
            } else if self.match_token_kind(Kind::Ident) {
                self.parse_ident()?;
                if self.match_token_kind(p(b'(')) {
                    self.parse_table_arg_list()?;
                } else {
                    return err(format!(
                        "expected ( after identifier in AS clause, got {}",
                        go_quote(&kind_str(self.last_token_kind()))?
                    ));
                }
            } else {
                return err(format!(
                    "expected SELECT, WITH or identifier after AS, got {}",
                    go_quote(&kind_str(self.last_token_kind()))?
                ));
            }
        }
        self.try_parse_comment()?;
        Ok(Node::leaf())
    }

    /// `parseCreateView`.
    fn parse_create_view(&mut self) -> R<Node> {
        self.expect_keyword("VIEW")?;
        self.try_parse_if_not_exists()?;
        self.parse_table_identifier()?;
        self.try_parse_uuid()?;
        self.try_parse_cluster_clause()?;
        if self.match_token_kind(p(b'(')) {
            self.parse_table_schema_clause()?;
        }
        if self.try_consume_keywords(&["AS"])? {
            self.parse_sub_query()?;
        }
        Ok(Node::leaf())
    }

    /// `parseCreateMaterializedView` (parser_view.go).
    fn parse_create_materialized_view(&mut self) -> R<Node> {
        self.expect_keyword("MATERIALIZED")?;
        self.expect_keyword("VIEW")?;
        self.try_parse_if_not_exists()?;
        self.parse_table_identifier()?;
        self.try_parse_cluster_clause()?;
        // `tryParseRefreshExpr`.
        if self.try_consume_keywords(&["REFRESH"])? {
            if !self.match_one_of_keywords(&["EVERY", "AFTER"]) {
                return err(format!(
                    "expected EVERY or AFTER, but got {}",
                    go_quote(&kind_str(self.last_token_kind()))?
                ));
            }
            self.next()?;
            self.parse_interval(false)?;
            if self.try_consume_keywords(&["OFFSET"])? {
                self.parse_interval(false)?;
            }
        }
        if self.try_consume_keywords(&["RANDOMIZE", "FOR"])? {
            self.parse_interval(false)?;
        }
        if self.try_consume_keywords(&["DEPENDS", "ON"])? {
            self.parse_table_identifier()?;
            // (Go's loop does not consume the comma: the next name fails at it.)
            while self.match_token_kind(p(b',')) {
                self.parse_table_identifier()?;
            }
        }
        self.try_parse_settings_clause()?;
        self.try_consume_keywords(&["APPEND"])?;
        let destination = if self.match_keyword("TO") {
            self.expect_keyword("TO")?;
            self.parse_table_identifier()?;
            if self.match_token_kind(p(b'(')) {
                self.parse_table_schema_clause()?;
            }
            true
        } else if self.match_keyword("ENGINE") {
            self.try_parse_engine_expr()?;
            false
        } else {
            return err(format!(
                "unexpected token: {}, expected TO or ENGINE",
                go_quote(&kind_str(self.last_token_kind()))?
            ));
        };
        self.try_consume_keywords(&["EMPTY"])?;
        if self.try_consume_keywords(&["DEFINER"])? {
            self.expect_token_kind(p(b'='))?;
            self.parse_ident()?;
        }
        if self.try_consume_keywords(&["SQL", "SECURITY"])? {
            if !self.match_one_of_keywords(&["DEFINER", "NONE"]) {
                return err(format!(
                    "expected DEFINER or NONE after SQL SECURITY, got {}",
                    go_quote(&kind_str(self.last_token_kind()))?
                ));
            }
            self.next()?;
        }
        if self.try_consume_keywords(&["POPULATE"])? && destination {
            return err("POPULATE is only allowed when using ENGINE, not with TO clause".into());
        }
        if self.try_consume_keywords(&["AS"])? {
            self.parse_sub_query()?;
        }
        self.try_parse_comment()?;
        Ok(Node::leaf())
    }

    /// `parseCreateLiveView` (parser_view.go).
    fn parse_create_live_view(&mut self) -> R<Node> {
        self.expect_keyword("LIVE")?;
        self.expect_keyword("VIEW")?;
        self.try_parse_if_not_exists()?;
        self.parse_table_identifier()?;
        self.try_parse_uuid()?;
        self.try_parse_cluster_clause()?;
        // `tryParseWithTimeout`.
        if self.try_consume_keywords(&["WITH"])? {
            self.expect_keyword("TIMEOUT")?;
            if self.match_token_kind(Kind::Int) {
                self.parse_decimal()?;
            }
        }
        if self.match_keyword("TO") {
            self.expect_keyword("TO")?;
            self.parse_table_identifier()?;
        }
        if self.match_token_kind(p(b'(')) {
            self.parse_table_schema_clause()?;
        }
        if self.try_consume_keywords(&["AS"])? {
            self.parse_sub_query()?;
        }
        Ok(Node::leaf())
    }

    /// `parseCreateDictionary`.
    fn parse_create_dictionary(&mut self) -> R<Node> {
        self.expect_keyword("DICTIONARY")?;
        self.try_parse_if_not_exists()?;
        self.parse_table_identifier()?;
        self.try_parse_uuid()?;
        self.try_parse_cluster_clause()?;
        // `parseDictionarySchemaClause`.
        self.expect_token_kind(p(b'('))?;
        self.parse_dictionary_attribute()?;
        while self.try_consume_token_kind(p(b','))?.is_some() {
            self.parse_dictionary_attribute()?;
        }
        self.expect_token_kind(p(b')'))?;
        self.parse_dictionary_engine_clause()?;
        self.try_parse_comment()?;
        Ok(Node::leaf())
    }

    /// `parseDictionaryAttribute`.
    fn parse_dictionary_attribute(&mut self) -> R<()> {
        self.parse_ident()?;
        self.parse_column_type()?;
        let mut seen = [false; 5];
        loop {
            let (at, name) = if self.try_consume_keywords(&["DEFAULT"])? {
                (0, "DEFAULT")
            } else if self.try_consume_keywords(&["EXPRESSION"])? {
                (1, "EXPRESSION")
            } else if self.try_consume_keywords(&["HIERARCHICAL"])? {
                (2, "HIERARCHICAL")
            } else if self.try_consume_keywords(&["INJECTIVE"])? {
                (3, "INJECTIVE")
            } else if self.try_consume_keywords(&["IS_OBJECT_ID"])? {
                (4, "IS_OBJECT_ID")
            } else {
                return Ok(());
            };
            if let Some(seen) = seen.get_mut(at) {
                if *seen {
                    return err(format!("duplicate {name} clause"));
                }
                *seen = true;
            }
            match at {
                0 => {
                    self.parse_literal()?;
                }
                1 => {
                    self.parse_expr()?;
                }
                _ => {}
            }
        }
    }

    /// `parseDictionaryEngineClause`.
    fn parse_dictionary_engine_clause(&mut self) -> R<()> {
        if self.match_keyword("PRIMARY") {
            self.expect_keyword("PRIMARY")?;
            self.expect_keyword("KEY")?;
            self.parse_column_expr_list()?;
        }
        let mut seen = [false; 5];
        loop {
            let keywords = ["SOURCE", "LIFETIME", "LAYOUT", "RANGE", "SETTINGS"];
            let Some(at) = keywords.iter().position(|k| self.match_keyword(k)) else {
                if !seen.first().copied().unwrap_or(false) {
                    return err("SOURCE clause is required for dictionary".into());
                }
                return Ok(());
            };
            if let Some(seen) = seen.get_mut(at) {
                if *seen {
                    return err(format!(
                        "duplicate {} clause",
                        keywords.get(at).copied().unwrap_or_default()
                    ));
                }
                *seen = true;
            }
            self.next()?;
            self.expect_token_kind(p(b'('))?;
            match at {
                // `SOURCE(name(args))`, `LAYOUT(name(args))`.
                0 | 2 => {
                    self.parse_ident()?;
                    self.expect_token_kind(p(b'('))?;
                    while !self.match_token_kind(p(b')')) {
                        self.parse_dictionary_arg_expr()?;
                        if self.match_token_kind(p(b')')) {
                            break;
                        }
                    }
                    self.expect_token_kind(p(b')'))?;
                }
                1 => {
                    if self.match_keyword("MIN") || self.match_keyword("MAX") {
                        let min_first = self.match_keyword("MIN");
                        self.next()?;
                        self.parse_number()?;
                        self.expect_keyword(if min_first { "MAX" } else { "MIN" })?;
                        self.parse_number()?;
                    } else {
                        self.parse_number()?;
                    }
                }
                3 => {
                    if self.match_keyword("MIN") || self.match_keyword("MAX") {
                        let min_first = self.match_keyword("MIN");
                        self.next()?;
                        self.parse_ident()?;
                        self.expect_keyword(if min_first { "MAX" } else { "MIN" })?;
                        self.parse_ident()?;
                    } else {
                        return err("expected MIN or MAX in RANGE clause".into());
                    }
                }
                _ => {
                    self.parse_settings_list()?;
                }
            }
            self.expect_token_kind(p(b')'))?;
        }
    }

    /// `parseDictionaryArgExpr`.
    fn parse_dictionary_arg_expr(&mut self) -> R<()> {
        self.parse_ident()?;
        if self.match_token_kind(Kind::Str)
            || self.match_token_kind(Kind::Int)
            || self.match_token_kind(Kind::Float)
        {
            self.parse_literal()?;
        } else if self.match_token_kind(Kind::Ident) {
            self.parse_ident()?;
            if self.match_token_kind(p(b'(')) {
                self.next()?;
                self.expect_token_kind(p(b')'))?;
            }
        } else {
            return err(format!(
                "expected identifier, string or number in dictionary argument, got {}",
                kind_str(self.last_token_kind())
            ));
        }
        Ok(())
    }

    /// `parseCreateFunction`.
    fn parse_create_function(&mut self) -> R<Node> {
        self.expect_keyword("FUNCTION")?;
        self.try_parse_if_not_exists()?;
        self.parse_ident()?;
        self.try_parse_cluster_clause()?;
        self.expect_keyword("AS")?;
        self.parse_function_params()?;
        self.expect_token_kind(Kind::P(b'-', b'>'))?;
        self.parse_expr()?;
        Ok(Node::leaf())
    }

    /// `parseTableSchemaClause`.
    fn parse_table_schema_clause(&mut self) -> R<()> {
        if self.match_token_kind(p(b'(')) {
            self.expect_token_kind(p(b'('))?;
            self.parse_table_columns()?;
            self.expect_token_kind(p(b')'))?;
            return Ok(());
        }
        // (Go's `&&` stops at the first peek that is false.)
        if self.match_keyword("AS")
            && !self.peek_keyword("SELECT")?
            && !self.peek_keyword("WITH")?
            && !self.peek_token_kind(p(b'('))?
        {
            self.try_consume_keywords(&["AS"])?;
            self.parse_ident()?;
            if self.match_token_kind(p(b'.')) {
                self.try_parse_dot_ident()?;
            } else if self.match_token_kind(p(b'(')) {
                self.parse_table_arg_list()?;
            }
        }
        Ok(())
    }

    /// `tryParseClusterClause`.
    pub(crate) fn try_parse_cluster_clause(&mut self) -> R<()> {
        if !self.try_consume_keywords(&["ON"])? {
            return Ok(());
        }
        self.expect_keyword("CLUSTER")?;
        if self.match_token_kind(Kind::Ident) {
            self.parse_ident()?;
        } else if self.match_token_kind(Kind::Str) {
            self.parse_string()?;
        } else {
            return err(format!(
                "unexpected token: {}, expected <IDENT> or <STRING>",
                go_quote(&self.last_string()?)?
            ));
        }
        Ok(())
    }

    /// `tryParseIfExists`.
    fn try_parse_if_exists(&mut self) -> R<()> {
        if self.try_consume_keywords(&["IF"])? {
            self.expect_keyword("EXISTS")?;
        }
        Ok(())
    }

    /// `tryParseIfNotExists`.
    fn try_parse_if_not_exists(&mut self) -> R<()> {
        if self.try_consume_keywords(&["IF"])? {
            self.expect_keyword("NOT")?;
            self.expect_keyword("EXISTS")?;
        }
        Ok(())
    }

    /// `tryParseUUID`.
    fn try_parse_uuid(&mut self) -> R<()> {
        if self.match_keyword("UUID") {
            self.expect_keyword("UUID")?;
            self.parse_string()?;
        }
        Ok(())
    }

    /// `tryParseComment`.
    fn try_parse_comment(&mut self) -> R<()> {
        if self.try_consume_keywords(&["COMMENT"])? {
            self.parse_string()?;
        }
        Ok(())
    }

    /// `tryParseEngineExpr` and `parseEngineExpr`.
    fn try_parse_engine_expr(&mut self) -> R<()> {
        if !self.match_keyword("ENGINE") {
            return Ok(());
        }
        self.expect_keyword("ENGINE")?;
        self.try_consume_token_kind(p(b'='))?;
        if !self.match_token_kind(Kind::Ident) {
            return err(format!(
                "unexpected token: {}",
                kind_str(self.last_token_kind())
            ));
        }
        self.parse_ident()?;
        if self.match_token_kind(p(b'(')) {
            self.parse_function_params()?;
        }
        while !self.lexer.is_eof() {
            if self.match_keyword("ORDER") {
                self.try_parse_order_by_clause()?;
            } else if self.match_keyword("PARTITION") {
                self.try_parse_partition_by_clause()?;
            } else if self.match_keyword("PRIMARY") {
                self.try_consume_keywords(&["PRIMARY"])?;
                self.expect_keyword("KEY")?;
                self.parse_expr()?;
            } else if self.match_keyword("SAMPLE") {
                self.try_consume_keywords(&["SAMPLE"])?;
                self.expect_keyword("BY")?;
                self.parse_expr()?;
            } else if self.match_keyword("TTL") {
                self.try_parse_ttl_clause(true)?;
            } else if self.match_keyword("SETTINGS") {
                self.try_parse_settings_clause()?;
            } else {
                break;
            }
        }
        Ok(())
    }

    /// `parseDropDatabase`.
    fn parse_drop_database(&mut self) -> R<Node> {
        self.expect_keyword("DATABASE")?;
        self.try_parse_if_exists()?;
        self.parse_ident()?;
        self.try_parse_cluster_clause()?;
        Ok(Node::leaf())
    }

    /// `parseDropStmt`.
    fn parse_drop_stmt(&mut self) -> R<Node> {
        if !self.try_consume_keywords(&["DICTIONARY"])? && !self.try_consume_keywords(&["VIEW"])? {
            self.try_consume_keywords(&["TEMPORARY"])?;
            self.expect_keyword("TABLE")?;
        }
        self.try_parse_if_exists()?;
        self.parse_table_identifier()?;
        self.try_parse_cluster_clause()?;
        self.try_parse_modifier()?;
        Ok(Node::leaf())
    }

    /// `tryParseModifier`.
    fn try_parse_modifier(&mut self) -> R<()> {
        if !self.try_consume_keywords(&["SYNC"])? && self.try_consume_keywords(&["NO"])? {
            self.expect_keyword("DELAY")?;
        }
        Ok(())
    }

    /// `parserDropUserOrRole`.
    fn parse_drop_user_or_role(&mut self) -> R<Node> {
        // (`parseDDL` comes here at `USER` or `ROLE` only.)
        self.next()?;
        self.try_parse_if_exists()?;
        self.parse_role_name()?;
        while self.try_consume_token_kind(p(b','))?.is_some() {
            self.parse_role_name()?;
        }
        self.try_parse_cluster_clause()?;
        if self.try_consume_keywords(&["FROM"])? {
            self.parse_ident()?;
        }
        self.try_parse_modifier()?;
        Ok(Node::leaf())
    }

    /// `parseRoleName`.
    fn parse_role_name(&mut self) -> R<()> {
        if self.match_token_kind(Kind::Ident) {
            self.parse_ident()?;
            if self.try_consume_token_kind(p(b'@'))?.is_some() {
                self.parse_string()?;
            }
        } else if self.match_token_kind(Kind::Str) {
            self.parse_string()?;
        } else {
            return err("expected <ident> or <string>".into());
        }
        self.try_parse_cluster_clause()
    }

    /// `parseTruncateTable`.
    fn parse_truncate_table(&mut self) -> R<Node> {
        self.expect_keyword("TRUNCATE")?;
        self.try_consume_keywords(&["TEMPORARY"])?;
        self.expect_keyword("TABLE")?;
        self.try_parse_if_exists()?;
        self.parse_table_identifier()?;
        self.try_parse_cluster_clause()?;
        Ok(Node::leaf())
    }

    /// `parseRenameStmt`.
    fn parse_rename_stmt(&mut self) -> R<Node> {
        self.expect_keyword("RENAME")?;
        if !self.try_consume_keywords(&["DICTIONARY"])?
            && !self.try_consume_keywords(&["DATABASE"])?
        {
            self.expect_keyword("TABLE")?;
        }
        self.parse_target_pair()?;
        while self.try_consume_token_kind(p(b','))?.is_some() {
            self.parse_target_pair()?;
        }
        self.try_parse_cluster_clause()?;
        Ok(Node::leaf())
    }

    /// `parseTargetPair`.
    fn parse_target_pair(&mut self) -> R<()> {
        self.parse_table_identifier()?;
        self.expect_keyword("TO")?;
        self.parse_table_identifier()?;
        Ok(())
    }

    /// `parseUseStmt`.
    pub(crate) fn parse_use_stmt(&mut self) -> R<Node> {
        self.expect_keyword("USE")?;
        self.parse_ident()?;
        Ok(Node::leaf())
    }

    /// `parseShowStmt`.
    pub(crate) fn parse_show_stmt(&mut self) -> R<Node> {
        self.expect_keyword("SHOW")?;
        if self.match_keyword("CREATE") {
            self.next()?;
            self.expect_keyword("TABLE")?;
            self.parse_table_identifier()?;
            return Ok(Node::leaf());
        }
        if self.match_keyword("TABLES") {
            self.next()?;
            return Ok(Node::leaf());
        }
        if !self.match_keyword("DATABASES") {
            return err(format!(
                "expected CREATE, DATABASES, or TABLES after SHOW, got {}",
                go_quote(&self.last_string()?)?
            ));
        }
        self.next()?;
        if self.match_keyword("NOT") {
            self.next()?;
        }
        if self.match_keyword("LIKE") || self.match_keyword("ILIKE") {
            self.next()?;
            self.parse_expr()?;
        }
        if self.match_keyword("LIMIT") {
            self.next()?;
            self.parse_expr()?;
        }
        if self.match_keyword("INTO") {
            self.next()?;
            self.expect_keyword("OUTFILE")?;
            self.parse_string()?;
        }
        if self.match_keyword("FORMAT") {
            self.next()?;
            if self.match_token_kind(Kind::Str) {
                self.parse_string()?;
            } else if self.match_token_kind(Kind::Ident) {
                self.next()?;
            } else {
                return err(format!(
                    "expected format specification after FORMAT, got {}",
                    go_quote(&self.last_string()?)?
                ));
            }
        }
        Ok(Node::leaf())
    }

    /// `parseDescribeStmt` (at `DESC` or `DESCRIBE`).
    pub(crate) fn parse_describe_stmt(&mut self) -> R<Node> {
        self.next()?;
        if self.match_keyword("TABLE") {
            self.next()?;
        }
        self.parse_table_identifier()?;
        Ok(Node::leaf())
    }

    /// `parseDeleteClause`.
    pub(crate) fn parse_delete_clause(&mut self) -> R<Node> {
        self.expect_keyword("DELETE")?;
        self.expect_keyword("FROM")?;
        self.parse_table_identifier()?;
        self.try_parse_cluster_clause()?;
        self.expect_keyword("WHERE")?;
        self.parse_expr()?;
        Ok(Node::leaf())
    }

    /// `parseColumnNamesExpr`.
    fn parse_column_names_expr(&mut self) -> R<()> {
        self.expect_token_kind(p(b'('))?;
        while !self.lexer.is_eof() && self.try_consume_token_kind(p(b')'))?.is_none() {
            self.parse_nested_identifier()?;
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        self.expect_token_kind(p(b')'))
    }

    /// `parseTypedPlaceholder`.
    fn parse_typed_placeholder(&mut self) -> R<()> {
        self.expect_token_kind(p(b'{'))?;
        self.parse_ident()?;
        self.expect_token_kind(p(b':'))?;
        self.parse_column_type()?;
        self.expect_token_kind(p(b'}'))
    }

    /// `parseAssignmentValues`.
    fn parse_assignment_values(&mut self) -> R<()> {
        self.enter()?;
        self.expect_token_kind(p(b'('))?;
        while !self.lexer.is_eof() && self.try_consume_token_kind(p(b')'))?.is_none() {
            if self.match_token_kind(p(b'(')) {
                self.parse_assignment_values()?;
            } else if self.match_token_kind(p(b'{')) {
                self.parse_typed_placeholder()?;
            } else {
                self.parse_expr()?;
            }
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        self.expect_token_kind(p(b')'))?;
        self.leave();
        Ok(())
    }

    /// `parseInsertStmt`.
    pub(crate) fn parse_insert_stmt(&mut self) -> R<Node> {
        self.expect_keyword("INSERT")?;
        self.expect_keyword("INTO")?;
        self.try_consume_keywords(&["TABLE"])?;
        if self.try_consume_keywords(&["FUNCTION"])? {
            self.parse_function_expr()?;
        } else {
            self.parse_table_identifier()?;
        }
        if self.match_token_kind(p(b'(')) {
            self.parse_column_names_expr()?;
        }
        if self.match_keyword("FORMAT") {
            self.parse_format()?;
        } else if self.match_keyword("VALUES") {
            self.next()?;
            while !self.lexer.is_eof() {
                self.parse_assignment_values()?;
                if self.try_consume_token_kind(p(b','))?.is_none() {
                    break;
                }
            }
        } else if self.match_keyword("SELECT") {
            self.parse_select_query()?;
        }
        Ok(Node::leaf())
    }

    /// `parseSetStmt` and `parseSettingsStmt` (at `SET` or `SETTINGS`), with
    /// `parseSettingsClause`.
    pub(crate) fn parse_set_stmt(&mut self) -> R<Node> {
        self.next()?;
        self.parse_settings_list()?;
        Ok(Node::leaf())
    }

    /// `parsePartitionClause` where `PARTITION` is next (`tryParsePartitionClause`):
    /// whether it is `PARTITION ALL` (whose `End()` panics in Go, as it reads the
    /// expression it does not have).
    fn try_parse_partition_clause(&mut self) -> R<bool> {
        if !self.match_keyword("PARTITION") {
            return Ok(false);
        }
        self.expect_keyword("PARTITION")?;
        if self.try_consume_keywords(&["ID"])? {
            self.parse_string()?;
        } else if self.try_consume_keywords(&["ALL"])? {
            return Ok(true);
        } else {
            self.parse_expr()?;
        }
        Ok(false)
    }

    /// `parseOptimizeStmt`.
    pub(crate) fn parse_optimize_stmt(&mut self) -> R<Node> {
        self.expect_keyword("OPTIMIZE")?;
        self.expect_keyword("TABLE")?;
        self.parse_table_identifier()?;
        self.try_parse_cluster_clause()?;
        if self.try_parse_partition_clause()? {
            return Err(Fail::Panic("the end of OPTIMIZE's PARTITION ALL"));
        }
        self.try_consume_keywords(&["FINAL"])?;
        if self.match_keyword("DEDUPLICATE") {
            self.expect_keyword("DEDUPLICATE")?;
            if self.try_consume_keywords(&["BY"])? {
                self.parse_column_expr_list()?;
                if self.try_consume_keywords(&["EXCEPT"])? {
                    self.parse_column_expr_list()?;
                }
            }
        }
        Ok(Node::leaf())
    }

    /// `parseCheckStmt`.
    pub(crate) fn parse_check_stmt(&mut self) -> R<Node> {
        self.expect_keyword("CHECK")?;
        self.expect_keyword("TABLE")?;
        self.parse_table_identifier()?;
        self.try_parse_partition_clause()?;
        Ok(Node::leaf())
    }

    /// `parseSystemStmt`.
    pub(crate) fn parse_system_stmt(&mut self) -> R<Node> {
        self.expect_keyword("SYSTEM")?;
        if self.match_keyword("FLUSH") {
            self.expect_keyword("FLUSH")?;
            if self.match_keyword("LOGS") {
                self.next()?;
            } else if self.try_consume_keywords(&["DISTRIBUTED"])? {
                self.parse_table_identifier()?;
            } else {
                return err("expected LOGS|DISTRIBUTED".into());
            }
        } else if self.match_keyword("RELOAD") {
            self.expect_keyword("RELOAD")?;
            if self.match_keyword("DICTIONARIES") {
                self.next()?;
            } else if self.try_consume_keywords(&["DICTIONARY"])? {
                self.parse_table_identifier()?;
            } else if self.try_consume_keywords(&["EMBEDDED"])? {
                self.expect_keyword("DICTIONARIES")?;
            } else {
                return err("expected DICTIONARIES|CONFIG".into());
            }
        } else if self.match_keyword("SYNC") {
            self.expect_keyword("SYNC")?;
            self.expect_keyword("REPLICA")?;
            self.parse_table_identifier()?;
        } else if self.match_keyword("START") || self.match_keyword("STOP") {
            self.next()?;
            if self.try_consume_keywords(&["DISTRIBUTED"])? {
                // (The kind's keyword is left for the table's name, as in Go.)
                if self.match_keyword("TTL") {
                    // (`TTL` is not consumed first: this fails at it, as in Go.)
                    self.expect_keyword("MERGES")?;
                } else if !self.match_one_of_keywords(&["SENDS", "FETCHES", "MERGES"]) {
                    return err("expected SENDS|FETCHES|MERGES|TTL".into());
                }
                self.parse_table_identifier()?;
            } else if self.try_consume_keywords(&["REPLICATED"])? {
                self.expect_keyword("SENDS")?;
            } else {
                return err("expected DISTRIBUTED|REPLICATED".into());
            }
        } else if self.match_keyword("DROP") {
            self.expect_keyword("DROP")?;
            if self.match_one_of_keywords(&["DNS", "MARK", "UNCOMPRESSED", "FILESYSTEM", "QUERY"]) {
                self.next()?;
                self.expect_keyword("CACHE")?;
            } else if self.match_keyword("COMPILED") {
                self.next()?;
                self.expect_keyword("EXPRESSION")?;
                self.expect_keyword("CACHE")?;
            } else {
                return err(
                    "expected DNS|MARK|REPLICA|DATABASE|UNCOMPRESSION|COMPILED|QUERY".into(),
                );
            }
        } else {
            return err("expected FLUSH|RELOAD|SYNC|START|STOP".into());
        }
        Ok(Node::leaf())
    }

    /// `parseAlterTable` (parser_alter.go).
    fn parse_alter_table(&mut self) -> R<Node> {
        self.expect_keyword("TABLE")?;
        self.parse_table_identifier()?;
        self.try_parse_cluster_clause()?;
        let mut clauses = 0;
        // Whether the last clause's `End()` panics in Go (an `ATTACH PARTITION ALL`
        // without `FROM`): it is read once the clauses are parsed.
        let mut end_panics = false;
        while !self.lexer.is_eof() {
            end_panics = self.parse_alter_table_clause()?;
            clauses += 1;
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        if clauses == 0 {
            return err("expected token: ADD|DROP".into());
        }
        if end_panics {
            return Err(Fail::Panic("the end of ALTER's ATTACH PARTITION ALL"));
        }
        Ok(Node::leaf())
    }

    /// One clause of `parseAlterTable`: whether its `End()` panics in Go.
    fn parse_alter_table_clause(&mut self) -> R<bool> {
        if self.match_keyword("ADD") {
            self.expect_keyword("ADD")?;
            if self.match_keyword("COLUMN") {
                self.expect_keyword("COLUMN")?;
                self.try_parse_if_not_exists()?;
                self.parse_table_column_expr()?;
            } else if self.match_keyword("INDEX") {
                self.expect_keyword("INDEX")?;
                self.try_parse_if_not_exists()?;
                self.parse_table_index()?;
            } else if self.match_keyword("PROJECTION") {
                self.expect_keyword("PROJECTION")?;
                self.try_parse_if_not_exists()?;
                self.parse_table_projection()?;
            } else {
                return err("expected token: COLUMN|INDEX|PROJECTION".into());
            }
            if self.try_consume_keywords(&["AFTER"])? {
                self.parse_nested_identifier()?;
            }
            return Ok(false);
        }
        if self.match_keyword("DROP") {
            self.expect_keyword("DROP")?;
            if self.match_one_of_keywords(&["COLUMN", "INDEX", "PROJECTION"]) {
                self.next()?;
                self.try_parse_if_exists()?;
                self.parse_nested_identifier()?;
                return Ok(false);
            }
            if self.match_keyword("DETACHED") || self.match_keyword("PARTITION") {
                if self.match_keyword("DETACHED") {
                    self.next()?;
                }
                self.parse_partition_expr_clause()?;
                return Ok(false);
            }
            return err("expected keyword: COLUMN|INDEX|PROJECTION|DETACHED|PARTITION".into());
        }
        if self.match_keyword("ATTACH") {
            self.expect_keyword("ATTACH")?;
            let all = self.parse_partition_clause()?;
            if self.try_consume_keywords(&["FROM"])? {
                self.parse_table_identifier()?;
                return Ok(false);
            }
            return Ok(all);
        }
        if self.match_keyword("DETACH") {
            self.next()?;
            self.parse_partition_expr_clause()?;
            return Ok(false);
        }
        if self.match_keyword("FREEZE") {
            self.expect_keyword("FREEZE")?;
            if self.match_keyword("PARTITION") && self.parse_partition_clause()? {
                return Err(Fail::Panic("the end of FREEZE PARTITION ALL"));
            }
            return Ok(false);
        }
        if self.match_keyword("REMOVE") {
            self.expect_keyword("REMOVE")?;
            self.expect_keyword("TTL")?;
            return Ok(false);
        }
        if self.match_keyword("RENAME") {
            self.expect_keyword("RENAME")?;
            self.expect_keyword("COLUMN")?;
            self.try_parse_if_exists()?;
            self.parse_nested_identifier()?;
            self.expect_keyword("TO")?;
            self.parse_nested_identifier()?;
            return Ok(false);
        }
        if self.match_keyword("CLEAR") {
            self.expect_keyword("CLEAR")?;
            if !self.match_one_of_keywords(&["COLUMN", "INDEX", "PROJECTION"]) {
                return err(format!(
                    "expected keyword: COLUMN|INDEX|PROJECTION, but got {}",
                    go_quote(&kind_str(self.last_token_kind()))?
                ));
            }
            self.next()?;
            self.try_parse_if_exists()?;
            self.parse_nested_identifier()?;
            if self.try_consume_keywords(&["IN"])? && self.try_parse_partition_clause()? {
                return Err(Fail::Panic("the end of CLEAR … IN PARTITION ALL"));
            }
            return Ok(false);
        }
        if self.match_keyword("MODIFY") {
            self.expect_keyword("MODIFY")?;
            if self.match_keyword("COLUMN") {
                self.expect_keyword("COLUMN")?;
                self.try_parse_if_exists()?;
                self.parse_table_column_expr()?;
                if self.match_keyword("REMOVE") {
                    self.expect_keyword("REMOVE")?;
                    self.parse_ident()?;
                }
            } else if self.match_keyword("TTL") {
                self.next()?;
                self.parse_expr()?;
                self.try_parse_ttl_policy()?;
            } else if self.match_keyword("QUERY") {
                self.next()?;
                self.parse_select_query()?;
            } else if self.match_keyword("SETTING") {
                self.next()?;
                self.parse_settings_list()?;
            } else {
                return err(format!(
                    "expected keyword: COLUMN|TTL|QUERY|SETTING, but got {}",
                    go_quote(&self.last_string()?)?
                ));
            }
            return Ok(false);
        }
        if self.match_keyword("REPLACE") {
            self.expect_keyword("REPLACE")?;
            self.parse_partition_clause()?;
            self.expect_keyword("FROM")?;
            self.parse_table_identifier()?;
            return Ok(false);
        }
        if self.match_keyword("MATERIALIZE") {
            self.expect_keyword("MATERIALIZE")?;
            if !self.match_one_of_keywords(&["INDEX", "PROJECTION"]) {
                return err(format!(
                    "expected keyword: INDEX|PROJECTION, but got {}",
                    go_quote(&kind_str(self.last_token_kind()))?
                ));
            }
            self.next()?;
            self.try_parse_if_exists()?;
            self.parse_nested_identifier()?;
            if self.try_consume_keywords(&["IN"])? {
                // (Go reads the clause's end even where there is none.)
                if !self.match_keyword("PARTITION") || self.parse_partition_clause()? {
                    return Err(Fail::Panic(
                        "the end of MATERIALIZE … IN without a partition",
                    ));
                }
            }
            return Ok(false);
        }
        if self.match_keyword("RESET") {
            self.expect_keyword("RESET")?;
            self.expect_keyword("SETTING")?;
            self.parse_ident()?;
            while self.try_consume_token_kind(p(b','))?.is_some() {
                self.parse_ident()?;
            }
            return Ok(false);
        }
        if self.match_keyword("DELETE") {
            self.expect_keyword("DELETE")?;
            self.expect_keyword("WHERE")?;
            self.parse_expr()?;
            return Ok(false);
        }
        if self.match_keyword("UPDATE") {
            self.expect_keyword("UPDATE")?;
            self.parse_update_assignment()?;
            while self.try_consume_token_kind(p(b','))?.is_some() {
                self.parse_update_assignment()?;
            }
            if self.try_consume_keywords(&["IN"])? {
                self.parse_partition_clause()?;
            }
            self.expect_keyword("WHERE")?;
            self.parse_expr()?;
            return Ok(false);
        }
        err("expected token: ADD|DROP|ATTACH|DETACH|FREEZE|REMOVE|CLEAR|MODIFY|REPLACE|MATERIALIZE|RESET|DELETE|UPDATE".into())
    }

    /// `parsePartitionClause`: whether it is `PARTITION ALL`.
    fn parse_partition_clause(&mut self) -> R<bool> {
        if !self.match_keyword("PARTITION") {
            // (`expectKeyword`'s error.)
            self.expect_keyword("PARTITION")?;
        }
        self.try_parse_partition_clause()
    }

    /// The `PARTITION expr [SETTINGS …]` of `DETACH` and `DROP [DETACHED]`.
    fn parse_partition_expr_clause(&mut self) -> R<()> {
        self.expect_keyword("PARTITION")?;
        self.parse_expr()?;
        self.try_parse_settings_clause()?;
        Ok(())
    }

    /// `parseTableIndex`: a `TableIndex` walks to its name, expression, type and
    /// granularity.
    pub(crate) fn parse_table_index(&mut self) -> R<Sum> {
        let name = self.parse_nested_identifier()?;
        let expr = self.parse_columns_expr()?;
        self.expect_keyword("TYPE")?;
        let column_type = self.parse_column_type()?;
        self.expect_keyword("GRANULARITY")?;
        let granularity = self.parse_decimal()?;
        Ok(Sum::of([
            Some(name.sum),
            Some(expr.sum),
            Some(column_type.sum),
            Some(granularity.sum),
        ]))
    }

    /// `parseTableProjection` (after its `PROJECTION` keyword, if any) and
    /// `parseProjectionSelect`: a `TableProjection` walks to its name and select, a
    /// `ProjectionSelectStmt` to its `WITH`, columns, `GROUP BY` and `ORDER BY` (a
    /// `ProjectionOrderByClause`, to its columns).
    pub(crate) fn parse_table_projection(&mut self) -> R<Sum> {
        let name = self.parse_nested_identifier()?;
        self.expect_token_kind(p(b'('))?;
        let with = self.try_parse_with_clause()?;
        self.expect_keyword("SELECT")?;
        let columns = self.parse_column_expr_list()?;
        let group_by = self.try_parse_group_by_clause()?;
        self.expect_keyword("ORDER")?;
        self.expect_keyword("BY")?;
        let order_by = self.parse_column_expr_list()?;
        self.expect_token_kind(p(b')'))?;
        let select = Sum::of([
            with.map(|w| w.sum),
            Some(columns.sum),
            group_by.map(|g| g.sum),
            Some(Sum::of([Some(order_by.sum)])),
        ]);
        Ok(Sum::of([Some(name.sum), Some(select)]))
    }

    /// `parseUpdateAssignment`.
    fn parse_update_assignment(&mut self) -> R<()> {
        self.parse_nested_identifier()?;
        self.expect_token_kind(p(b'='))?;
        self.parse_sub_expr(super::parser_column::PRECEDENCE_IN)?;
        Ok(())
    }

    /// `parseGrantPrivilegeStmt` (parse_system.go).
    pub(crate) fn parse_grant_privilege_stmt(&mut self) -> R<Node> {
        self.expect_keyword("GRANT")?;
        self.try_parse_cluster_clause()?;
        self.parse_privilege_clause()?;
        while self.try_consume_token_kind(p(b','))?.is_some() {
            self.parse_privilege_clause()?;
        }
        self.expect_keyword("ON")?;
        // `parseGrantSource`.
        self.parse_ident_or_star()?;
        if self.try_consume_token_kind(p(b'.'))?.is_some() {
            self.parse_ident_or_star()?;
        }
        self.expect_keyword("TO")?;
        // `parsePrivilegeRoles`.
        self.parse_ident()?;
        while self.try_consume_token_kind(p(b','))?.is_some() {
            self.parse_ident()?;
        }
        // `parseGrantOptions`.
        while self.match_keyword("WITH") {
            self.expect_keyword("WITH")?;
            self.parse_ident()?;
            self.expect_keyword("OPTION")?;
        }
        Ok(Node::leaf())
    }

    /// `parseIdentOrStar`.
    fn parse_ident_or_star(&mut self) -> R<()> {
        if self.match_token_kind(Kind::Ident) {
            self.parse_ident()?;
        } else if self.match_token_kind(p(b'*')) {
            self.next()?;
        } else {
            return err(format!(
                "expected <ident> or *, but got {}",
                go_quote(&kind_str(self.last_token_kind()))?
            ));
        }
        Ok(())
    }

    /// Consumes the last token where it is one of `keywords`.
    fn consume_one_of(&mut self, keywords: &[&str]) -> R<bool> {
        if self.match_one_of_keywords(keywords) {
            self.next()?;
            return Ok(true);
        }
        Ok(false)
    }

    /// `parsePrivilegeClause` and the parsers of its kinds.
    fn parse_privilege_clause(&mut self) -> R<()> {
        if self.match_token_kind(Kind::Ident) && self.last_text() == "dictGet" {
            return self.next();
        }
        if self.match_one_of_keywords(&["SELECT", "INSERT"]) {
            self.next()?;
            if self.match_token_kind(p(b'(')) {
                self.parse_function_params()?;
            }
            return Ok(());
        }
        if self.try_consume_keywords(&["ALTER"])? {
            return self.parse_privilege_alter();
        }
        if self.try_consume_keywords(&["CREATE"])? {
            if self.consume_one_of(&[
                "DATABASE",
                "DICTIONARY",
                "TABLE",
                "FUNCTION",
                "VIEW",
                "USER",
                "ROLE",
                "QUOTA",
            ])? {
                return Ok(());
            }
            if self.try_consume_keywords(&["TEMPORARY"])? {
                return self.expect_keyword("TABLE");
            }
            if self.try_consume_keywords(&["ROWS"])? {
                return self.expect_keyword("POLICY");
            }
            return err("expected DATABASE|DICTIONARY|TABLE|FUNCTION|VIEW|USER|ROLE|ROWS".into());
        }
        if self.try_consume_keywords(&["DROP"])? {
            if self.consume_one_of(&[
                "DATABASE",
                "DICTIONARY",
                "USER",
                "ROLE",
                "QUOTA",
                "TABLE",
                "FUNCTION",
                "VIEW",
            ])? {
                return Ok(());
            }
            return err("expected DATABASE|DICTIONARY|TABLE|FUNCTION|VIEW".into());
        }
        if self.try_consume_keywords(&["SHOW"])? {
            if self.consume_one_of(&["DATABASES", "DICTIONARIES", "TABLES", "COLUMNS"])? {
                return Ok(());
            }
            return err("expected DATABASES|DICTIONARIES|TABLES|COLUMNS".into());
        }
        // (Go's `matchTokenKind(KeywordNone)` never holds: no token is of kind "NONE".)
        if self.match_keyword("ALL") {
            return self.next();
        }
        if self.try_consume_keywords(&["KILL"])? {
            return self.expect_keyword("QUERY");
        }
        if self.try_consume_keywords(&["SYSTEM"])? {
            return self.parse_privilege_system();
        }
        if self.try_consume_keywords(&["ADMIN"])? {
            return self.expect_keyword("OPTION");
        }
        if self.consume_one_of(&["OPTIMIZE", "TRUNCATE"])? {
            return Ok(());
        }
        if self.try_consume_keywords(&["ROLE"])? {
            return self.expect_keyword("ADMIN");
        }
        err("expected SELECT|INSERT|ALTER|CREATE|DROP|SHOW|KILL|SYSTEM|OPTIMIZE|TRUNCATE".into())
    }

    /// `parsePrivilegeAlter` (after `ALTER`).
    fn parse_privilege_alter(&mut self) -> R<()> {
        if self.try_consume_keywords(&["INDEX"])? {
            return Ok(());
        }
        if self.consume_one_of(&["UPDATE", "DELETE", "USER", "ROLE", "QUOTA"])? {
            return Ok(());
        }
        if self.consume_one_of(&[
            "ADD",
            "DROP",
            "MODIFY",
            "CLEAR",
            "COMMENT",
            "RENAME",
            "MATERIALIZED",
        ])? {
            if self.try_consume_keywords(&["COLUMN"])?
                || self.try_consume_keywords(&["INDEX"])?
                || self.try_consume_keywords(&["TTL"])?
            {
                return Ok(());
            }
            return err("expected COLUMN|INDEX".into());
        }
        if self.try_consume_keywords(&["ORDER"])? || self.try_consume_keywords(&["SAMPLE"])? {
            return self.expect_keyword("BY");
        }
        if self.try_consume_keywords(&["SETTINGS"])? {
            return Ok(());
        }
        if self.try_consume_keywords(&["VIEW"])? {
            if self.try_consume_keywords(&["MODIFY"])? || self.try_consume_keywords(&["REFRESH"])? {
                return Ok(());
            }
            return err("expected MODIFY|REFRESH".into());
        }
        if self.consume_one_of(&["MOVE", "FREEZE"])? {
            return self.expect_keyword("PARTITION");
        }
        err("expected UPDATE|DELETE|ADD|DROP|MODIFY|CLEAR|COMMENT|RENAME|MATERIALIZED|ORDER|SAMPLE|SETTINGS|VIEW|MOVE|FREEZE".into())
    }

    /// `parsePrivilegeSystem` (after `SYSTEM`).
    fn parse_privilege_system(&mut self) -> R<()> {
        if self.consume_one_of(&["SHUTDOWN", "MERGES", "FETCHES", "SENDS", "MOVES", "CLUSTER"])? {
            return Ok(());
        }
        if self.try_consume_keywords(&["DROP"])? {
            if self.try_consume_keywords(&["CACHE"])? {
                return Ok(());
            }
            if self.consume_one_of(&["MARK", "DNS", "UNCOMPRESSED"])? {
                return self.expect_keyword("CACHE");
            }
            return err("expected CACHE|MARK|DNS|UNCOMPRESSED".into());
        }
        if self.try_consume_keywords(&["RELOAD"])? {
            if self.consume_one_of(&["DICTIONARY", "FUNCTION", "FUNCTIONS", "CONFIG"])? {
                return Ok(());
            }
            return err("expected DICTIONARY|FUNCTION|FUNCTIONS|CONFIG".into());
        }
        if self.try_consume_keywords(&["FLUSH"])? {
            if self.consume_one_of(&["LOGS", "DISTRIBUTED"])? {
                return Ok(());
            }
            return err("expected LOGS|DISTRIBUTED".into());
        }
        if self.try_consume_keywords(&["TTL"])? {
            return self.expect_keyword("MERGES");
        }
        if self.consume_one_of(&["SYNC", "RESTART"])? {
            return self.expect_keyword("REPLICA");
        }
        if self.try_consume_keywords(&["REPLICATION"])? {
            return self.expect_keyword("QUEUES");
        }
        err("expected QUEUES|SHUTDOWN|MERGES|FETCHES|SENDS|MOVES|CLUSTER|DROP|RELOAD|FLUSH|TTL|SYNC|RESTART|REPLICATION".into())
    }

    /// `p.last().End`, which panics in Go where there is no last token (at the end).
    fn last_end(&self) -> R<()> {
        match self.last() {
            Some(_) => Ok(()),
            None => Err(Fail::Panic("a nil token's end")),
        }
    }

    /// `parseRoleSettings`, and whether the last setting's `End()` panics in Go (no
    /// modifier, and no pair or a last pair without a value).
    fn parse_role_settings(&mut self) -> R<bool> {
        loop {
            let end_panics = self.parse_role_setting()?;
            if self.try_consume_token_kind(p(b','))?.is_none() {
                return Ok(end_panics);
            }
        }
    }

    /// `parseRoleSetting`: whether its `End()` panics in Go.
    fn parse_role_setting(&mut self) -> R<bool> {
        let mut last_has_value = None;
        while self.match_token_kind(Kind::Ident) {
            let name = self.parse_ident()?;
            let name = self.ident_name(&name);
            if matches!(
                name.as_str(),
                "NONE" | "READABLE" | "WRITABLE" | "CONST" | "CHANGEABLE_IN_READONLY"
            ) {
                return Ok(false);
            }
            if self.match_token_kind(p(b'='))
                || self.match_token_kind(Kind::Int)
                || self.match_token_kind(Kind::Float)
                || self.match_token_kind(Kind::Str)
            {
                let eq = self.try_consume_token_kind(p(b'='))?.is_some();
                self.parse_literal()?;
                if !matches!(name.as_str(), "MIN" | "MAX" | "PROFILE") && !eq {
                    return err("expected operator = or no value, but got ".into());
                }
                last_has_value = Some(true);
            } else {
                last_has_value = Some(false);
            }
        }
        Ok(last_has_value != Some(true))
    }

    /// `tryParseRoleSettings`, the panic of the last setting's `End()` read after it.
    fn try_parse_role_settings_end(&mut self) -> R<()> {
        if self.try_consume_keywords(&["SETTINGS"])? && self.parse_role_settings()? {
            return Err(Fail::Panic("the end of a role setting without a value"));
        }
        Ok(())
    }

    /// `parseCreateRole`.
    fn parse_create_role(&mut self) -> R<Node> {
        self.expect_keyword("ROLE")?;
        self.parse_create_modifiers()?;
        self.parse_role_name()?;
        while self.try_consume_token_kind(p(b','))?.is_some() {
            self.parse_role_name()?;
        }
        if self.try_consume_keywords(&["IN"])? {
            self.parse_ident()?;
        }
        self.try_parse_role_settings_end()?;
        Ok(Node::leaf())
    }

    /// The `IF NOT EXISTS` or `OR REPLACE` of `parseCreateRole` and
    /// `parseCreateUserModifiers`.
    fn parse_create_modifiers(&mut self) -> R<()> {
        if self.match_keyword("IF") {
            self.next()?;
            self.expect_keyword("NOT")?;
            self.expect_keyword("EXISTS")?;
        } else if self.match_keyword("OR") {
            self.next()?;
            self.expect_keyword("REPLACE")?;
        }
        Ok(())
    }

    /// `parseAlterRole`.
    fn parse_alter_role(&mut self) -> R<Node> {
        self.expect_keyword("ROLE")?;
        self.try_parse_if_exists()?;
        loop {
            // `parseRoleRenamePair`.
            self.parse_role_name()?;
            if self.try_consume_keywords(&["RENAME"])? {
                self.expect_keyword("TO")?;
                self.parse_ident()?;
            }
            if self.try_consume_token_kind(p(b','))?.is_none() {
                break;
            }
        }
        self.try_parse_role_settings_end()?;
        Ok(Node::leaf())
    }

    /// A list of `parseRoleName`.
    fn parse_role_names(&mut self) -> R<()> {
        self.parse_role_name()?;
        while self.try_consume_token_kind(p(b','))?.is_some() {
            self.parse_role_name()?;
        }
        Ok(())
    }

    /// `parseCreateUser` and `parseOptionalClauses`.
    fn parse_create_user(&mut self) -> R<Node> {
        self.expect_keyword("USER")?;
        self.parse_create_modifiers()?;
        self.parse_role_names()?;
        loop {
            if self.match_one_of_keywords(&["NOT", "IDENTIFIED"]) {
                self.parse_authentication_clause()?;
            } else if self.match_keyword("HOST") {
                loop {
                    self.parse_host_clause()?;
                    if self.try_consume_token_kind(p(b','))?.is_none() {
                        break;
                    }
                }
            } else if self.match_keyword("DEFAULT") {
                if !self.parse_default_clause()? {
                    break;
                }
            } else if self.match_keyword("GRANTEES") {
                self.expect_keyword("GRANTEES")?;
                if self.try_consume_keywords(&["ANY"])? || self.try_consume_keywords(&["NONE"])? {
                    self.last_end()?;
                } else {
                    self.parse_role_names()?;
                }
                if self.try_consume_keywords(&["EXCEPT"])? {
                    self.parse_role_names()?;
                }
            } else if self.match_keyword("SETTINGS") {
                self.next()?;
                if self.parse_role_settings()? {
                    return Err(Fail::Panic("the end of a role setting without a value"));
                }
            } else {
                break;
            }
        }
        Ok(Node::leaf())
    }

    /// `parseAuthenticationClause`.
    fn parse_authentication_clause(&mut self) -> R<()> {
        if self.try_consume_keywords(&["NOT"])? {
            self.expect_keyword("IDENTIFIED")?;
            return self.last_end();
        }
        self.expect_keyword("IDENTIFIED")?;
        self.last_end()?;
        if self.try_consume_keywords(&["WITH"])? {
            if self.match_keyword("LDAP") {
                self.next()?;
                self.expect_keyword("SERVER")?;
                self.parse_string()?;
            } else if self.match_keyword("KERBEROS") {
                self.next()?;
                self.last_end()?;
                if self.try_consume_keywords(&["REALM"])? {
                    self.parse_string()?;
                }
            } else if self.match_token_kind(Kind::Ident) {
                self.next()?;
                self.last_end()?;
                if self.try_consume_keywords(&["BY"])? {
                    self.parse_string()?;
                }
            }
        }
        Ok(())
    }

    /// `parseHostClause`.
    fn parse_host_clause(&mut self) -> R<()> {
        self.expect_keyword("HOST")?;
        if self.match_one_of_keywords(&["LOCAL", "ANY", "NONE"]) {
            self.next()?;
            return self.last_end();
        }
        if self.match_one_of_keywords(&["NAME", "REGEXP", "IP", "LIKE"]) {
            self.next()?;
            self.parse_string()?;
            return Ok(());
        }
        err("expected LOCAL|NAME|REGEXP|IP|LIKE|ANY|NONE".into())
    }

    /// `parseDefaultClause`: whether it read a clause.
    fn parse_default_clause(&mut self) -> R<bool> {
        let next = match self.lexer.peek_token()? {
            Some(t) => self.lexer.text(&t),
            None => return Err(Fail::Panic("a nil token's text")),
        };
        if next == "ROLE" {
            // `parseDefaultRoleClause`.
            self.expect_keyword("DEFAULT")?;
            self.expect_keyword("ROLE")?;
            if self.try_consume_keywords(&["NONE"])? {
                self.last_end()?;
            } else {
                self.parse_role_names()?;
            }
            return Ok(true);
        }
        if next == "DATABASE" {
            self.next()?;
            self.next()?;
            if self.try_consume_keywords(&["NONE"])? {
                self.last_end()?;
            } else {
                self.parse_ident()?;
            }
            return Ok(true);
        }
        Ok(false)
    }
}
