//! Wildcard patterns, matched one way for both of their uses: ClickHouse's `LIKE` in analytics
//! queries (`%`, `_`) and rate-limit override identifiers (`*`).

/// One element of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// This character.
    Char(char),
    /// Any one character.
    One,
    /// Any run of characters, the empty one included.
    Run,
}

/// Does `pattern` match all of `text`? Greedy, backtracking to the last [`Token::Run`] only, so
/// linear in practice and never exponential.
pub fn matches(pattern: &[Token], text: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut run: Option<(usize, usize)> = None;
    while ti < t.len() {
        match pattern.get(pi) {
            Some(Token::Run) => {
                run = Some((pi, ti));
                pi += 1;
            }
            Some(Token::One) => {
                pi += 1;
                ti += 1;
            }
            Some(Token::Char(c)) if t.get(ti) == Some(c) => {
                pi += 1;
                ti += 1;
            }
            _ => match run {
                Some((rp, rt)) => {
                    pi = rp + 1;
                    ti = rt + 1;
                    run = Some((rp, rt + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(pi..)
        .is_some_and(|rest| rest.iter().all(|x| *x == Token::Run))
}
