//! The verifyKey permission query: `a AND (b OR c)`. `AND` binds tighter than `OR`, operators are
//! case-insensitive whole words, parentheses group, and leaves match a key's permissions by exact
//! string equality (`*` is an ordinary character).

use std::collections::HashSet;

/// At most this many permission names in one query.
const MAX_LEAVES: usize = 100;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// One permission slug.
    Leaf(String),
    /// Every branch must hold.
    And(Vec<Query>),
    /// At least one branch must hold.
    Or(Vec<Query>),
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Ident(String),
    And,
    Or,
    Open,
    Close,
}

fn ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-' | '*' | '/')
}

fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' {
            out.push(Token::Open);
            chars.next();
        } else if c == ')' {
            out.push(Token::Close);
            chars.next();
        } else if ident_char(c) {
            let mut word = String::new();
            while let Some(&(_, c)) = chars.peek() {
                if !ident_char(c) {
                    break;
                }
                word.push(c);
                chars.next();
            }
            out.push(match word.to_ascii_uppercase().as_str() {
                "AND" => Token::And,
                "OR" => Token::Or,
                _ => Token::Ident(word),
            });
        } else {
            return Err(format!("unexpected character {c:?} at position {i}"));
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    leaves: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn or(&mut self, depth: usize) -> Result<Query, String> {
        let mut branches = vec![self.and(depth)?];
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            branches.push(self.and(depth)?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Query::Or(Vec::new()))
        } else {
            Query::Or(branches)
        })
    }

    fn and(&mut self, depth: usize) -> Result<Query, String> {
        let mut branches = vec![self.atom(depth)?];
        while self.peek() == Some(&Token::And) {
            self.pos += 1;
            branches.push(self.atom(depth)?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Query::And(Vec::new()))
        } else {
            Query::And(branches)
        })
    }

    fn atom(&mut self, depth: usize) -> Result<Query, String> {
        if depth > 64 {
            return Err("parentheses nested too deeply".into());
        }
        match self.tokens.get(self.pos) {
            Some(Token::Ident(name)) => {
                let q = Query::Leaf(name.clone());
                self.pos += 1;
                self.leaves += 1;
                if self.leaves > MAX_LEAVES {
                    return Err(format!("a query may name at most {MAX_LEAVES} permissions"));
                }
                Ok(q)
            }
            Some(Token::Open) => {
                self.pos += 1;
                let inner = self.or(depth + 1)?;
                if self.peek() != Some(&Token::Close) {
                    return Err("missing closing parenthesis".into());
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(Token::Close) => Err("unexpected `)`".into()),
            Some(Token::And) | Some(Token::Or) => {
                Err("an operator must stand between two permissions".into())
            }
            None => Err("the query ends where a permission was expected".into()),
        }
    }
}

/// Parses a query; the error message explains the syntax problem.
pub fn parse(src: &str) -> Result<Query, String> {
    let tokens = tokenize(src)?;
    if tokens.is_empty() {
        return Err("the query is empty".into());
    }
    let mut p = Parser {
        tokens,
        pos: 0,
        leaves: 0,
    };
    let q = p.or(0)?;
    if p.pos != p.tokens.len() {
        return Err(format!(
            "unexpected token after a complete expression (token {})",
            p.pos + 1
        ));
    }
    Ok(q)
}

impl Query {
    /// Whether a key holding `perms` satisfies the query.
    pub fn matches(&self, perms: &HashSet<&str>) -> bool {
        match self {
            Query::Leaf(p) => perms.contains(p.as_str()),
            Query::And(qs) => qs.iter().all(|q| q.matches(perms)),
            Query::Or(qs) => qs.iter().any(|q| q.matches(perms)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(q: &str, perms: &[&str]) -> bool {
        let set: HashSet<&str> = perms.iter().copied().collect();
        parse(q).unwrap().matches(&set)
    }

    #[test]
    fn precedence_and_grouping() {
        assert!(check("a OR b AND c", &["a"]));
        assert!(!check("(a OR b) AND c", &["a"]));
        assert!(check("a or b and c", &["b", "c"]));
        assert!(check(
            "documents.read AND (x:y OR z-1)",
            &["documents.read", "z-1"]
        ));
    }

    #[test]
    fn star_is_literal() {
        assert!(!check("documents.read", &["documents.*"]));
        assert!(check("documents.*", &["documents.*"]));
    }

    #[test]
    fn syntax_errors() {
        for bad in ["", "a AND", "(a", "a)", "AND a", "a b", "a & b", "()"] {
            assert!(parse(bad).is_err(), "{bad:?} should fail");
        }
        let many = vec!["p"; 101].join(" OR ");
        assert!(parse(&many).is_err());
    }
}
