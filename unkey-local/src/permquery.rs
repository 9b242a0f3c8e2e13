//! The verifyKey permission query: `a AND (b OR c)`. `AND` binds tighter than `OR`, operators are
//! case-insensitive whole words, parentheses group, and leaves match a key's permissions by exact
//! string equality (`*` is an ordinary character).

use std::collections::HashSet;

/// Parentheses may nest this deep. Upstream has no limit; `permissions` is at most 1,000
/// characters, so a query can nest at most 499 deep and this bound (which keeps the recursion
/// finite for any caller of [`parse`]) is never reached through the API.
const MAX_DEPTH: usize = 500;

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

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Ident,
    And,
    Or,
    Open,
    Close,
    End,
    /// A character outside the grammar; `text` is the lexer's internal message.
    Invalid,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    text: String,
    /// Byte offset in the query.
    pos: usize,
}

/// The characters of a permission name, judged byte by byte as upstream's lexer does (a byte is
/// read as the Latin-1 character of that value).
fn ident_byte(b: u8) -> bool {
    (b as char).is_alphabetic()
        || b.is_ascii_digit()
        || matches!(b, b'.' | b'_' | b'-' | b'*' | b':' | b'/')
}

fn tokenize(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while bytes
            .get(i)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else {
            out.push(Token {
                kind: Kind::End,
                text: String::new(),
                pos: i,
            });
            return out;
        };
        let single = |kind: Kind| Token {
            kind,
            text: (b as char).to_string(),
            pos: i,
        };
        if b == b'(' {
            out.push(single(Kind::Open));
            i += 1;
        } else if b == b')' {
            out.push(single(Kind::Close));
            i += 1;
        } else if ident_byte(b) {
            let start = i;
            while bytes.get(i).is_some_and(|b| ident_byte(*b)) {
                i += 1;
            }
            let text = String::from_utf8_lossy(bytes.get(start..i).unwrap_or_default()).to_string();
            let kind = match text.to_ascii_uppercase().as_str() {
                "AND" => Kind::And,
                "OR" => Kind::Or,
                _ => Kind::Ident,
            };
            out.push(Token {
                kind,
                text,
                pos: start,
            });
        } else {
            out.push(Token {
                kind: Kind::Invalid,
                text: format!("invalid character '{}' at position {i} in query", b as char),
                pos: i,
            });
            i += 1;
        }
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn current(&self) -> Token {
        self.tokens.get(self.pos).cloned().unwrap_or(Token {
            kind: Kind::End,
            text: String::new(),
            pos: 0,
        })
    }

    fn or(&mut self, depth: usize) -> Result<Query, String> {
        let mut branches = vec![self.and(depth)?];
        while self.current().kind == Kind::Or {
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
        let mut branches = vec![self.primary(depth)?];
        while self.current().kind == Kind::And {
            self.pos += 1;
            branches.push(self.primary(depth)?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Query::And(Vec::new()))
        } else {
            Query::And(branches)
        })
    }

    fn primary(&mut self, depth: usize) -> Result<Query, String> {
        let t = self.current();
        match t.kind {
            Kind::Ident => {
                self.pos += 1;
                Ok(Query::Leaf(t.text))
            }
            Kind::Open => {
                if depth >= MAX_DEPTH {
                    return Err(format!(
                        "Parentheses nest deeper than {MAX_DEPTH} levels at position {}.",
                        t.pos
                    ));
                }
                self.pos += 1;
                let next = self.current();
                if next.kind == Kind::Close {
                    return Err(format!("Empty parentheses found at position {}. Parentheses must contain at least one permission or expression.", next.pos));
                }
                let inner = self.or(depth + 1)?;
                let close = self.current();
                if close.kind != Kind::Close {
                    return Err(format!("Missing closing parenthesis ')' at position {}. Every opening parenthesis must have a matching closing parenthesis.", close.pos));
                }
                self.pos += 1;
                Ok(inner)
            }
            Kind::End => Err(
                "Unexpected end of query. Expected a permission identifier or opening parenthesis."
                    .into(),
            ),
            // Upstream passes the lexer's message on as a plain error, which carries no public
            // text: the answer's detail is empty.
            Kind::Invalid => Err(String::new()),
            Kind::And | Kind::Or | Kind::Close => Err(format!(
                "Unexpected token '{}' at position {}. Expected a permission identifier or opening parenthesis.",
                t.text, t.pos
            )),
        }
    }
}

/// Parses a query; the error is the detail upstream's parser answers (`permissions_query_syntax_error`).
pub fn parse(src: &str) -> Result<Query, String> {
    let mut p = Parser {
        tokens: tokenize(src),
        pos: 0,
    };
    if p.current().kind == Kind::End {
        return Err("Unexpected end of input. Please provide a valid permission query.".into());
    }
    let q = p.or(0)?;
    let t = p.current();
    if t.kind != Kind::End {
        return Err(format!(
            "Unexpected token '{}' at position {}. The query appears to have extra content after a valid expression.",
            t.text, t.pos
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
        for bad in ["", "a AND", "(a", "a)", "AND a", "a b", "a & b", "()", "é"] {
            assert!(parse(bad).is_err(), "{bad:?} should fail");
        }
        // Upstream's wording and byte positions.
        let err = |q: &str| parse(q).unwrap_err();
        assert_eq!(
            err("permission_1 AND"),
            "Unexpected end of query. Expected a permission identifier or opening parenthesis."
        );
        assert_eq!(err("(permission_1 AND permission_2"), "Missing closing parenthesis ')' at position 30. Every opening parenthesis must have a matching closing parenthesis.");
        assert_eq!(err("permission_1 AND ()"), "Empty parentheses found at position 18. Parentheses must contain at least one permission or expression.");
        assert_eq!(
            err("AND permission_1"),
            "Unexpected token 'AND' at position 0. Expected a permission identifier or opening parenthesis."
        );
        assert_eq!(err("a b"), "Unexpected token 'b' at position 2. The query appears to have extra content after a valid expression.");
        assert_eq!(err("a & b"), "Unexpected token 'invalid character '&' at position 2 in query' at position 2. The query appears to have extra content after a valid expression.");
        assert_eq!(err("&"), "");
        assert_eq!(
            err("   "),
            "Unexpected end of input. Please provide a valid permission query."
        );
        // No limit on the number of permissions (the 1000-character body limit bounds it).
        assert!(parse(&vec!["p"; 101].join(" OR ")).is_ok());
        let deepest = format!("{}p{}", "(".repeat(499), ")".repeat(499));
        assert_eq!(parse(&deepest), parse("p"));
        assert!(parse(&"(".repeat(501)).is_err());
    }
}
