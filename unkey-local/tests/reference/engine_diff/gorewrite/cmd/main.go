// What upstream sends ClickHouse: AfterShip clickhouse-sql-parser v0.4.18 parses the query,
// public table names become the physical ones, each SELECT with direct table sources gets the
// workspace filter in its WHERE, each SELECT's LIMIT is set to at most 10,000, and the tree is
// written back with String(). (Written for this harness after reading upstream's
// pkg/clickhouse/query-parser; validation steps are left to unkey-local's own answers.)
// stdin/stdout: JSON lines {"sql":…, "ds":"v"|"r"} -> {"sql":…} or {"error":…}
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	ch "github.com/AfterShip/clickhouse-sql-parser/parser"
)

var aliases = map[string]map[string]string{
	"v": {
		"key_verifications_v1":            "default.key_verifications_raw_v2",
		"key_verifications_per_minute_v1": "default.key_verifications_per_minute_v3",
		"key_verifications_per_hour_v1":   "default.key_verifications_per_hour_v3",
		"key_verifications_per_day_v1":    "default.key_verifications_per_day_v3",
		"key_verifications_per_month_v1":  "default.key_verifications_per_month_v3",
	},
	"r": {
		"ratelimits_v1":            "default.ratelimits_raw_v2",
		"ratelimits_per_minute_v1": "default.ratelimits_per_minute_v2",
		"ratelimits_per_hour_v1":   "default.ratelimits_per_hour_v2",
		"ratelimits_per_day_v1":    "default.ratelimits_per_day_v2",
		"ratelimits_per_month_v1":  "default.ratelimits_per_month_v2",
	},
}

const limit = 10000

// upstream's validation.go canonicalFunctionNames (fc99b6b9): names it writes back so.
var canonical = map[string]string{
	"grouparray": "groupArray", "groupuniqarray": "groupUniqArray", "uniqexact": "uniqExact",
	"jsonextractstring": "JSONExtractString", "now64": "now64", "todate": "toDate",
	"todatetime": "toDateTime", "todatetime64": "toDateTime64", "tostartofday": "toStartOfDay",
	"tostartofweek": "toStartOfWeek", "tostartofmonth": "toStartOfMonth",
	"tostartofquarter": "toStartOfQuarter", "tostartofyear": "toStartOfYear",
	"tostartofhour": "toStartOfHour", "tostartofminute": "toStartOfMinute",
	"formatdatetime": "formatDateTime", "fromunixtimestamp64milli": "fromUnixTimestamp64Milli",
	"tounixtimestamp64milli": "toUnixTimestamp64Milli", "tointervalday": "toIntervalDay",
	"tointervalweek": "toIntervalWeek", "tointervalmonth": "toIntervalMonth",
	"tointervalyear": "toIntervalYear", "tointervalhour": "toIntervalHour",
	"tointervalminute": "toIntervalMinute", "tointervalsecond": "toIntervalSecond",
	"tointervalmillisecond": "toIntervalMillisecond", "tointervalmicrosecond": "toIntervalMicrosecond",
	"tointervalnanosecond": "toIntervalNanosecond", "tointervalquarter": "toIntervalQuarter",
	"startswith": "startsWith", "endswith": "endsWith", "sumif": "sumIf", "countif": "countIf",
	"tostring": "toString", "toint32": "toInt32", "toint64": "toInt64", "tofloat64": "toFloat64",
	"hasany": "hasAny", "hasall": "hasAll", "arrayjoin": "arrayJoin", "arrayfilter": "arrayFilter",
}

func walkAll(node ch.Expr, fn func(ch.Expr) bool) {
	var excepts []*ch.SelectQuery
	ch.Walk(node, func(n ch.Expr) bool {
		if !fn(n) {
			return false
		}
		if q, ok := n.(*ch.SelectQuery); ok && q.Except != nil {
			excepts = append(excepts, q.Except)
		}
		return true
	})
	for _, e := range excepts {
		walkAll(e, fn)
	}
}

func rewrite(sql, ds string) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	stmts, err := ch.NewParser(sql).ParseStmts()
	if err != nil {
		return "", err
	}
	if len(stmts) != 1 {
		return "", fmt.Errorf("statements: %d", len(stmts))
	}
	stmt, ok := stmts[0].(*ch.SelectQuery)
	if !ok {
		return "", fmt.Errorf("not a SELECT")
	}
	ctes := map[string]bool{}
	if stmt.With != nil {
		for _, c := range stmt.With.CTEs {
			if id, ok := c.Expr.(*ch.Ident); ok {
				ctes[strings.ToLower(id.Name)] = true
			}
		}
	}
	names := aliases[ds]
	walkAll(stmt, func(n ch.Expr) bool {
		t, ok := n.(*ch.TableIdentifier)
		if !ok {
			return true
		}
		name := t.Table.Name
		if t.Database != nil {
			name = t.Database.Name + "." + t.Table.Name
		}
		if phys, ok := names[name]; ok {
			parts := strings.Split(phys, ".")
			t.Database = &ch.Ident{Name: parts[0]}
			t.Table = &ch.Ident{Name: parts[1]}
		}
		return true
	})
	walkAll(stmt, func(n ch.Expr) bool {
		q, ok := n.(*ch.SelectQuery)
		if !ok || q.From == nil {
			return true
		}
		var sources []ch.Ident
		var visit func(ch.Expr)
		visit = func(e ch.Expr) {
			switch x := e.(type) {
			case *ch.JoinExpr:
				visit(x.Left)
				if x.Right != nil {
					visit(x.Right)
				}
			case *ch.JoinTableExpr:
				visit(x.Table)
			case *ch.TableExpr:
				te := x.Expr
				var alias *ch.Ident
				if a, ok := te.(*ch.AliasExpr); ok {
					te = a.Expr
					alias, _ = a.Alias.(*ch.Ident)
				}
				tbl, ok := te.(*ch.TableIdentifier)
				if !ok || (tbl.Database == nil && ctes[strings.ToLower(tbl.Table.Name)]) {
					return
				}
				qual := *tbl.Table
				if alias != nil {
					qual = *alias
				}
				sources = append(sources, qual)
			}
		}
		visit(q.From.Expr)
		for _, s := range sources {
			s := s
			f := &ch.BinaryOperation{
				LeftExpr:  &ch.NestedIdentifier{Ident: &s, DotIdent: &ch.Ident{Name: "workspace_id"}},
				Operation: "=",
				RightExpr: &ch.StringLiteral{Literal: "ws_local"},
			}
			if q.Where == nil {
				q.Where = &ch.WhereClause{Expr: f}
			} else {
				q.Where.Expr = &ch.BinaryOperation{LeftExpr: f, Operation: "AND",
					RightExpr: &ch.ParamExprList{Items: &ch.ColumnExprList{Items: []ch.Expr{q.Where.Expr}}}}
			}
		}
		return true
	})
	lim := func() *ch.NumberLiteral { return &ch.NumberLiteral{Literal: fmt.Sprintf("%d", limit)} }
	walkAll(stmt, func(n ch.Expr) bool {
		q, ok := n.(*ch.SelectQuery)
		if !ok {
			return true
		}
		if q.Limit == nil || q.Limit.Limit == nil {
			q.Limit = &ch.LimitClause{Limit: lim()}
			return true
		}
		num, ok := q.Limit.Limit.(*ch.NumberLiteral)
		if !ok {
			q.Limit.Limit = lim()
			return true
		}
		var v int
		if _, err := fmt.Sscanf(num.Literal, "%d", &v); err != nil || v > limit || v < 0 {
			q.Limit.Limit = lim()
		}
		return true
	})
	walkAll(stmt, func(n ch.Expr) bool {
		if f, ok := n.(*ch.FunctionExpr); ok && f.Name != nil {
			if c, ok := canonical[strings.ToLower(f.Name.Name)]; ok {
				f.Name.Name = c
			}
		}
		return true
	})
	return stmt.String(), nil
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	enc := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req struct{ SQL, DS string }
		_ = json.Unmarshal(in.Bytes(), &req)
		s, err := rewrite(req.SQL, req.DS)
		if err != nil {
			_ = enc.Encode(map[string]string{"error": err.Error()})
		} else {
			_ = enc.Encode(map[string]string{"sql": s})
		}
	}
}
