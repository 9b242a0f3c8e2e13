// Ported to Rust from AfterShip's clickhouse-sql-parser v0.4.18 (Go), file `parser/walk.go`.
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

//! What `Walk` (`walk.go`) visits of a parsed statement, kept as the parser builds it: each
//! node's subtree as a [`Sum`], its children added in `Walk`'s order (which is not always
//! the order they are parsed in), for upstream's `validateSettings` and
//! `validateComplexity` (query-parser/parser.go), both walks of `walkQueryIncludingExcept`:
//! `Walk`, then each `SELECT`'s `EXCEPT` branch (which `Walk` does not visit) in the order
//! they were met, each walked the same way.

/// A subtree as `Walk` visits it.
#[derive(Debug, Default)]
pub(crate) struct Sum {
    /// The nodes visited.
    pub(crate) nodes: usize,
    /// The `SELECT`s, `EXCEPT` branches and `SETTINGS`, where it has any.
    pub(crate) more: Option<Box<More>>,
}

/// The rarer parts of a [`Sum`].
#[derive(Debug, Default)]
pub(crate) struct More {
    /// Each `SelectQuery` visited: the nodes visited before it in the subtree, and its
    /// `len(SelectItems)`.
    pub(crate) selects: Vec<(usize, usize)>,
    /// Whether a `SelectQuery` visited has a `SETTINGS` clause.
    pub(crate) settings: bool,
    /// The `EXCEPT` branches met, in order.
    pub(crate) excepts: Vec<Sum>,
    /// The `FunctionExpr`s and `TableFunctionExpr`s visited, in order (upstream's
    /// `validateFunctions`).
    pub(crate) calls: Vec<Call>,
}

/// A `FunctionExpr` or `TableFunctionExpr` as `validateFunctions` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Call {
    /// `Name.Name` of a `FunctionExpr`, `Name.String()` of a `TableFunctionExpr`.
    pub(crate) name: String,
    /// Whether a `TableFunctionExpr`.
    pub(crate) table: bool,
}

impl Sum {
    /// One node, its children to be added.
    pub(crate) fn leaf() -> Sum {
        Sum {
            nodes: 1,
            more: None,
        }
    }

    /// A `SelectQuery` node of `items` select items.
    pub(crate) fn select(items: usize, settings: bool) -> Sum {
        Sum {
            nodes: 1,
            more: Some(Box::new(More {
                selects: vec![(0, items)],
                settings,
                excepts: Vec::new(),
                calls: Vec::new(),
            })),
        }
    }

    /// A `FunctionExpr` (`table`: a `TableFunctionExpr`) node named `name`, its children to
    /// be added.
    pub(crate) fn call(name: String, table: bool) -> Sum {
        Sum {
            nodes: 1,
            more: Some(Box::new(More {
                calls: vec![Call { name, table }],
                ..More::default()
            })),
        }
    }

    /// `child` walked next (after what was added before).
    pub(crate) fn add(&mut self, child: Sum) {
        if let Some(more) = child.more {
            let mine = self.more.get_or_insert_with(Box::default);
            let at = self.nodes;
            mine.selects
                .extend(more.selects.into_iter().map(|(i, n)| (i + at, n)));
            mine.settings |= more.settings;
            mine.excepts.extend(more.excepts);
            mine.calls.extend(more.calls);
        }
        self.nodes += child.nodes;
    }

    /// [`Sum::add`] of a child that may be nil.
    pub(crate) fn add_opt(&mut self, child: Option<Sum>) {
        if let Some(child) = child {
            self.add(child);
        }
    }

    /// This node, then `children` in order.
    pub(crate) fn of(children: impl IntoIterator<Item = Option<Sum>>) -> Sum {
        let mut sum = Sum::leaf();
        for child in children {
            sum.add_opt(child);
        }
        sum
    }

    /// An `EXCEPT` branch met at this point.
    pub(crate) fn add_except(&mut self, branch: Sum) {
        self.more
            .get_or_insert_with(Box::default)
            .excepts
            .push(branch);
    }

    /// Whether `validateSettings` finds a `SETTINGS` clause.
    pub(crate) fn has_settings(&self) -> bool {
        self.more
            .as_ref()
            .is_some_and(|m| m.settings || m.excepts.iter().any(Sum::has_settings))
    }

    /// The first call `walkQueryIncludingExcept` visits (this subtree's walk, then each
    /// `EXCEPT` branch's) that `refused` says is refused.
    pub(crate) fn first_call(&self, refused: &impl Fn(&Call) -> bool) -> Option<&Call> {
        let more = self.more.as_ref()?;
        more.calls
            .iter()
            .find(|c| refused(c))
            .or_else(|| more.excepts.iter().find_map(|b| b.first_call(refused)))
    }

    /// `walkQueryIncludingExcept`'s visits in order: the `SelectQuery`s as (nodes visited
    /// before it, its select items), and the nodes visited in all.
    fn visits(&self, before: usize, selects: &mut Vec<(usize, usize)>) -> usize {
        let mut nodes = self.nodes;
        if let Some(more) = &self.more {
            selects.extend(more.selects.iter().map(|&(i, n)| (i + before, n)));
            for branch in &more.excepts {
                nodes += branch.visits(before + nodes, selects);
            }
        }
        nodes
    }

    /// `validateComplexity`: the first of its limits crossed in the walk's order, if any
    /// (more than `nodes_max` nodes, more than `columns_max` select items in all).
    pub(crate) fn limit_crossed(&self, nodes_max: usize, columns_max: usize) -> Option<Limit> {
        let mut selects = Vec::new();
        let nodes = self.visits(0, &mut selects);
        let mut columns = 0;
        // (A node's count is checked before its select items.)
        let too_complex_at = (nodes > nodes_max).then_some(nodes_max);
        for (before, items) in selects {
            if too_complex_at.is_some_and(|at| before >= at) {
                break;
            }
            columns += items;
            if columns > columns_max {
                return Some(Limit::Columns);
            }
        }
        too_complex_at.map(|_| Limit::Complex)
    }

    /// The nodes `walkQueryIncludingExcept` visits in all.
    pub(crate) fn total(&self) -> usize {
        self.visits(0, &mut Vec::new())
    }
}

/// A limit of `validateComplexity`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Limit {
    /// "Analytics query is too complex".
    Complex,
    /// "Analytics query projects too many columns".
    Columns,
}
