//! Path patterns of the route table and the path normalisation they match against.
//!
//! Grammar: `/`-separated segments. A literal segment matches itself as the most lenient origin
//! reads it: case-insensitively (so `/ADMIN/x`, or `/admın/x` to Java's `equalsIgnoreCase`,
//! cannot slip past an `/admin/*` rule: see [`fold`]) and with trailing dots and spaces dropped
//! (`/admin./x` is `/admin/x` to IIS); `:name` or a
//! `*` that is not last matches exactly one segment; a trailing `*` matches zero or more
//! segments (`/api/*` matches `/api`, `/api/` and `/api/a/b`). Empty segments are ignored on both
//! sides, so `//admin` is `/admin`.
//!
//! Request paths are percent-decoded before matching (`/%61dmin` is `/admin`). A path that origins
//! read in different ways is rejected instead of guessed at, since a guard that reads it
//! differently from its origin can be bypassed:
//! - an encoded `/` or `\\`, or a `\\` at all (Windows and IIS read it as `/`);
//! - any of these written in fullwidth forms (`／`, `．．`, `；`), which NFKC and Windows' "best
//!   fit" read as ASCII (literals match them as ASCII too: `/ａｄｍｉｎ` is `/admin`);
//! - any other character NFKC reads as ASCII (`‥` is `..`, `﹖` is `?`, `℀` is `a/c`, `ⓐ` and
//!   `𝐚` are `a`; [`super::nfkc`]), as an origin that normalises would read another path;
//! - an encoded `?` or `#`, and a `#` at all: an origin (or a proxy before it) that decodes the
//!   path and parses it again ends the path there (`/admin%3F/x` is `/admin`), and a request
//!   target never carries a fragment (Node keeps a raw `#` in `req.url`, and a proxy may pass it
//!   on to an origin that reads it as part of the path);
//! - a `.` or `..` segment, encoded or not, and any segment of only dots and spaces (`.. `,
//!   `...`), which an origin that drops trailing dots and spaces reads as one of them;
//! - a `;` in a segment, encoded or not: Tomcat, Jetty and Spring drop `;parameters` from each
//!   segment, so `/public/..;/admin` is `/admin` to them;
//! - an NTFS stream name (`:$`): IIS serves `/admin::$INDEX_ALLOCATION/x` from the directory
//!   `admin`;
//! - control characters (NUL, CR, LF, …) and bytes that are not UTF-8;
//! - an escape left after decoding (`%252F` is `%2F`): an origin, or a proxy before it, that
//!   decodes once more reads another path;
//! - a request target that is not a path (`http://host/admin`, `*`): Node's `req.url` keeps
//!   the absolute form a client may send, and Express routes on its path.
//!
//! Some origins also serve a path from another one, by rules that depend on what they hold
//! rather than on the path alone ([`NormalPath::readings`]): IIS from a Windows short (8.3)
//! name (`/ADMINI~1/x` is `/administrator/x` where NTFS made that name), Spring MVC before 5.3
//! from a mapping without the suffix (`/admin.json` is served by `/admin`), a PHP, CGI or
//! ASP.NET origin from a script and its path info (`/index.php/admin` is `index.php`, which
//! routes `/admin`). Such a path is refused when one of its readings would get another policy
//! than the path as written.

use super::text::cat;

/// One parsed segment of a route pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    /// Matches this text, ASCII case-insensitively.
    Lit(String),
    /// `:name` or an inner `*`: any one segment.
    One,
    /// A final `*`: the rest of the path, possibly empty.
    Rest,
}

/// A compiled path pattern such as `/api/*` or `/users/:id/keys`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    segs: Vec<Seg>,
    source: String,
}

/// Why a pattern in the route table was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError(pub String);

impl core::fmt::Display for PatternError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Pattern {
    /// Parse a pattern. It must start with `/`; `*` may appear only as a whole segment.
    pub fn parse(src: &str) -> Result<Self, PatternError> {
        if !src.starts_with('/') {
            return Err(PatternError(cat(&[
                "route path \"",
                src,
                "\" must start with '/'",
            ])));
        }
        let parts: Vec<&str> = src.split('/').filter(|s| !s.is_empty()).collect();
        let mut segs = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let seg = if *part == "*" {
                if last {
                    Seg::Rest
                } else {
                    Seg::One
                }
            } else if part.starts_with(':') && part.len() > 1 {
                Seg::One
            } else if part.contains('*') {
                return Err(PatternError(cat(&[
                    "route path \"",
                    src,
                    "\": '*' must be a whole segment",
                ])));
            } else if !literal_can_match(part) {
                // A route no request can reach: its requests would go to the fallback.
                return Err(PatternError(cat(&[
                    "route path \"",
                    src,
                    "\": no request path can match \"",
                    part,
                    "\" (a query, a '#', a ';', a '\\', a '%' escape, a control character, \
                     only dots and spaces: requests with them are refused or decoded)",
                ])));
            } else {
                Seg::Lit((*part).to_owned())
            };
            segs.push(seg);
        }
        Ok(Self {
            segs,
            source: src.to_owned(),
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Does the (already normalised) path match?
    pub fn matches(&self, path: &NormalPath) -> bool {
        let segs = &path.segs;
        let mut i = 0;
        for seg in &self.segs {
            match seg {
                Seg::Rest => return true,
                Seg::One => {
                    if i >= segs.len() {
                        return false;
                    }
                }
                Seg::Lit(lit) => match segs.get(i) {
                    Some(s) if same_segment(s, lit) => {}
                    _ => return false,
                },
            }
            i += 1;
        }
        i == segs.len()
    }
}

/// At most this many other readings of one path are checked ([`NormalPath::readings`]); a path
/// with more (several short names, each of which could be several literals) is refused.
const MAX_READINGS: usize = 64;

impl Pattern {
    /// The literal this pattern has as its segment `i`, if it has one there.
    pub fn literal(&self, i: usize) -> Option<&str> {
        match self.segs.get(i) {
            Some(Seg::Lit(lit)) => Some(lit),
            _ => None,
        }
    }
}

/// A segment shaped as a Windows short (8.3) name: `BASE~N` or `BASE~N.EXT`, `N` digits,
/// `BASE~N` at most 8 characters and `EXT` at most 3 (trailing dots and spaces dropped, as
/// Windows drops them). Gives `BASE` and `EXT`.
fn short_name(seg: &str) -> Option<(&str, Option<&str>)> {
    let seg = untrailed(seg);
    let (base, ext) = match seg.rfind('.') {
        Some(dot) => (seg.get(..dot)?, Some(seg.get(dot + 1..)?)),
        None => (seg, None),
    };
    let tilde = base.rfind('~')?;
    let (prefix, n) = (base.get(..tilde)?, base.get(tilde + 1..)?);
    let ext_ok = ext.is_none_or(|e| (1..=3).contains(&e.chars().count()));
    (!prefix.is_empty()
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
        && base.chars().count() <= 8
        && ext_ok)
        .then_some((prefix, ext))
}

/// Could Windows have given the long name `lit` the short name `BASE~N[.EXT]`? Its generator
/// keeps the first characters of the name before its last dot (spaces and other dots dropped,
/// `+,;=[]` and characters outside ASCII written `_`, or a transliteration of them), up to six
/// (`ADMINI~1` for `administrator`), or, from the fifth such name on, two and four hex digits
/// of a hash (`AD3F2A~1`); `EXT` is the start of the last extension. Read leniently (any prefix
/// of the name, `_` for any character): a reading too many only refuses a path shaped as a
/// short name, a reading too few could pass one.
fn short_alias(base: &str, ext: Option<&str>, lit: &str) -> bool {
    fn cleaned(s: &str) -> Vec<char> {
        s.chars()
            .filter(|&c| c != '.' && c != ' ')
            .map(|c| match fold(c) {
                c if c.is_ascii() && !matches!(c, '+' | ',' | ';' | '=' | '[' | ']') => c,
                _ => '_',
            })
            .collect()
    }
    fn starts(long: &[char], short: &[char]) -> bool {
        !short.is_empty()
            && short.len() <= long.len()
            && long.iter().zip(short).all(|(l, s)| *l == '_' || l == s)
    }
    let lit = untrailed(lit);
    let (stem, lit_ext) = match lit.rfind('.') {
        Some(dot) if dot > 0 => (lit.get(..dot).unwrap_or(lit), lit.get(dot + 1..)),
        _ => (lit, None),
    };
    let stem = cleaned(stem);
    let base: Vec<char> = base.chars().map(fold).collect();
    let hashed = base.len() > 4
        && base
            .get(base.len() - 4..)
            .is_some_and(|h| h.iter().all(char::is_ascii_hexdigit))
        && base.get(..base.len() - 4).is_some_and(|p| starts(&stem, p));
    let ext_ok = match (ext, lit_ext) {
        (None, _) => true,
        (Some(e), Some(l)) => starts(&cleaned(l), &e.chars().map(fold).collect::<Vec<_>>()),
        (Some(_), None) => false,
    };
    (starts(&stem, &base) || hashed) && ext_ok
}

/// The name Spring MVC's suffix pattern match (its default before 5.3) serves a last segment
/// from: `/admin.json` (or `/admin.a.b`) by a mapping of `/admin`.
fn spring_stem(seg: &str) -> Option<&str> {
    match seg.find('.') {
        Some(dot) if dot > 0 => seg.get(..dot),
        _ => None,
    }
}

/// Is this segment an ASP.NET cookieless session (or forms or anonymous id), `(S(…))` or
/// `(S(…)F(…))`, which ASP.NET removes from the path before it routes it?
fn cookieless(seg: &str) -> bool {
    let b = seg.as_bytes();
    matches!(b, [b'(', l, b'(', .., b')', b')'] if l.is_ascii_alphabetic())
}

/// Is this segment a script that an origin runs with the rest of the path as its PATH_INFO?
/// PHP (`/index.php/admin/users` is Laravel's, Symfony's or CodeIgniter's route
/// `/admin/users`), CGI, Perl and Python scripts, and ASP.NET pages and handlers.
fn script_segment(seg: &str) -> bool {
    let seg = untrailed(seg);
    let Some(ext) = seg.rfind('.').and_then(|dot| seg.get(dot + 1..)) else {
        return false;
    };
    let ext: String = ext.chars().map(fold).collect();
    matches!(
        ext.as_str(),
        "php"
            | "php3"
            | "php4"
            | "php5"
            | "php7"
            | "php8"
            | "phtml"
            | "phar"
            | "cgi"
            | "fcgi"
            | "pl"
            | "py"
            | "asp"
            | "aspx"
            | "ashx"
            | "asmx"
            | "dll"
            | "exe"
    )
}

/// Can a request segment ([`NormalPath::parse`]) ever match this literal? Not when it holds
/// what requests are refused for, or an escape (request segments are matched decoded).
fn literal_can_match(lit: &str) -> bool {
    let lit: String = lit.chars().map(compat).collect();
    !(lit.chars().all(|c| c == '.' || c == ' ')
        || lit.contains(['/', '\\', ';', '?', '#'])
        || lit.chars().any(nfkc_ascii)
        || lit.contains(":$")
        || lit.chars().any(char::is_control)
        || has_escape(&lit))
}

/// A character as origins that read Unicode's compatibility forms read it: the fullwidth forms
/// of ASCII (U+FF01–U+FF5E) and the ideographic space as their ASCII characters. NFKC maps them
/// so, and so does Windows' "best fit" conversion to a code page, through which a CGI program
/// (PHP-CGI on IIS) gets its path: `/ａｄｍｉｎ` is `/admin` to them, and `．．` a `..`.
fn compat(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// Does an origin that reads compatibility forms (NFKC) read `c` as ASCII other than [`compat`]
/// and [`fold`] do (`ⓐ`, `𝐚`, `‥`, `℀`, `﹖`: [`super::nfkc`])? A segment holding one is refused:
/// `/ⓐdmin/x` is `/admin/x` there, `/public/‥/admin` is `/admin`.
fn nfkc_ascii(c: char) -> bool {
    let c = u32::from(c);
    c >= 0x80
        && super::nfkc::NFKC_ASCII
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    core::cmp::Ordering::Less
                } else if lo > c {
                    core::cmp::Ordering::Greater
                } else {
                    core::cmp::Ordering::Equal
                }
            })
            .is_ok()
}

/// A character as case-insensitive origins compare it: ASCII in lower case, and the four
/// characters outside ASCII whose case mapping is ASCII as that letter (`İ` and `ı` as `i`,
/// `ſ` as `s`, the Kelvin sign as `k`): Java's `equalsIgnoreCase` reads `/admın` as `/admin`.
/// Compatibility forms are read as ASCII first ([`compat`]).
fn fold(c: char) -> char {
    match compat(c) {
        '\u{130}' | '\u{131}' => 'i',
        '\u{17f}' => 's',
        '\u{212a}' => 'k',
        c => c.to_ascii_lowercase(),
    }
}

/// Does a request segment name the same thing as a literal, to the most lenient origin? Case
/// folded ([`fold`]), and trailing dots and spaces dropped, as Windows drops them from file
/// names (IIS serves `/admin./x` from `/admin`).
fn same_segment(seg: &str, lit: &str) -> bool {
    fn base(s: &str) -> impl Iterator<Item = char> + '_ {
        untrailed(s).chars().map(fold)
    }
    base(seg).eq(base(lit))
}

/// `s` without trailing dots and spaces, which Windows drops from names.
fn untrailed(s: &str) -> &str {
    let end = s.bytes().rposition(|b| b != b'.' && b != b' ');
    s.get(..end.map_or(0, |i| i + 1)).unwrap_or("")
}

/// A request path split into decoded, non-empty segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalPath {
    segs: Vec<String>,
}

/// The request path cannot be matched safely (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadPath;

impl NormalPath {
    /// Normalise the path part of a request target (a `?…` query is ignored). It must be empty
    /// or start with `/`, and hold no `#`.
    pub fn parse(path: &str) -> Result<Self, BadPath> {
        if path.contains('#') {
            return Err(BadPath);
        }
        let path = path.split('?').next().unwrap_or("");
        if path.contains('\\') || !(path.is_empty() || path.starts_with('/')) {
            return Err(BadPath);
        }
        let mut segs = Vec::new();
        for raw in path.split('/').filter(|s| !s.is_empty()) {
            let mut seg = percent_decode(raw).ok_or(BadPath)?;
            // Checked and matched as origins that read compatibility forms see it: a fullwidth
            // `／`, `．．` or `％２Ｆ` is refused as the ASCII one is.
            if seg.chars().any(|c| compat(c) != c) {
                seg = seg.chars().map(compat).collect();
            }
            // Only dots and spaces: `.` and `..`, and what an origin that drops trailing dots and
            // spaces (Windows, IIS: the reading literals are matched under) may take for one of
            // them or for no segment at all (`.. `, `...`, ` `).
            if seg.chars().all(|c| c == '.' || c == ' ')
                || seg.contains(['/', '\\', ';', '?', '#'])
                // Read as other ASCII by an origin that reads compatibility forms (NFKC).
                || seg.chars().any(nfkc_ascii)
                // An NTFS stream (`admin::$INDEX_ALLOCATION` is the directory `admin` to IIS).
                || seg.contains(":$")
                || seg.chars().any(char::is_control)
                || has_escape(&seg)
            {
                return Err(BadPath);
            }
            if !seg.is_empty() {
                segs.push(seg);
            }
        }
        Ok(Self { segs })
    }
}

impl NormalPath {
    /// The other paths some origin may serve this request from, which the guard gives the same
    /// policy or refuses ([`super::Guard::resolve`]):
    /// - a segment shaped as a Windows short name (`short_name`) read as each literal of
    ///   `patterns` at its place that could have that short name (`short_alias`): IIS with
    ///   8.3 names on serves `/ADMINI~1/x` from `/administrator/x`;
    /// - the last segment without what follows its first dot (`spring_stem`): Spring MVC
    ///   before 5.3 and Rails serve `/admin.json` from a route of `/admin`; and a last segment
    ///   without one as each literal at its place that adds one: nginx's `try_files $uri
    ///   $uri.php`, Apache's MultiViews and IIS's extensionless URLs serve `/admin` from
    ///   `admin.php`;
    /// - without the ASP.NET cookieless ids (`cookieless`) it holds: `/(S(x))/admin` is `/admin`;
    /// - for a script segment before the last (`script_segment`), the path up to it and the
    ///   path without it: PHP, CGI and ASP.NET run `/index.php/admin/users` as `index.php`, and
    ///   the application routes it by its PATH_INFO, `/admin/users`, under the script's folder
    ///   (`/app/index.php/admin` is the app at `/app` routing `/admin`: `/app/admin`).
    ///
    /// `named(i)` says the route the path matched names its segment `i` by a literal. A named
    /// last segment has no suffix readings (Spring serves an exact mapping before a suffix
    /// match), and a named script no path-info readings (the table describes its paths).
    ///
    /// `Err(BadPath)` for more than `MAX_READINGS` (64) of them.
    pub fn readings<'a>(
        &self,
        patterns: impl Iterator<Item = &'a Pattern> + Clone,
        named: impl Fn(usize) -> bool,
    ) -> Result<Vec<NormalPath>, BadPath> {
        let last = self.segs.len().checked_sub(1);
        // The places with other readings, and those readings.
        let mut places: Vec<(usize, Vec<String>)> = Vec::new();
        for (i, seg) in self.segs.iter().enumerate() {
            let mut alts: Vec<String> = Vec::new();
            let mut add = |alt: &str| {
                if !same_segment(seg, alt) && !alts.iter().any(|a| same_segment(a, alt)) {
                    alts.push(alt.to_owned());
                }
            };
            if let Some((base, ext)) = short_name(seg) {
                for lit in patterns.clone().filter_map(|p| p.literal(i)) {
                    if short_alias(base, ext, lit) {
                        add(lit);
                    }
                }
            }
            if Some(i) == last && !named(i) {
                match spring_stem(untrailed(seg)) {
                    Some(stem) => add(stem),
                    // And the other way: a literal with a suffix, for a segment without one.
                    None => {
                        for lit in patterns.clone().filter_map(|p| p.literal(i)) {
                            if spring_stem(lit).is_some_and(|stem| same_segment(seg, stem)) {
                                add(lit);
                            }
                        }
                    }
                }
            }
            if !alts.is_empty() {
                places.push((i, alts));
            }
        }
        // A script before the last segment: the script itself, and the route the application
        // reads from what follows it (its PATH_INFO) under the script's folder, its base.
        let mut out = Vec::new();
        for (i, seg) in self.segs.iter().enumerate() {
            if let (true, Some(base), Some(script), Some(info)) = (
                !named(i) && script_segment(seg),
                self.segs.get(..i),
                self.segs.get(..=i),
                self.segs.get(i + 1..).filter(|rest| !rest.is_empty()),
            ) {
                out.push(NormalPath {
                    segs: script.to_vec(),
                });
                out.push(NormalPath {
                    segs: [base, info].concat(),
                });
                // Checked as they grow: a path of many scripts must not cost a copy per script.
                if out.len() > MAX_READINGS {
                    return Err(BadPath);
                }
            }
        }
        // ASP.NET's cookieless session ids: `/(S(x))/admin` is `/admin` to it.
        if self.segs.iter().any(|s| cookieless(s)) {
            let segs: Vec<String> = self
                .segs
                .iter()
                .filter(|s| !cookieless(s))
                .cloned()
                .collect();
            out.push(NormalPath { segs });
        }
        // Every combination but the path itself (choice 0 at each place is the segment as sent).
        let mut count: usize = 1;
        for (_, alts) in &places {
            count = count.saturating_mul(alts.len() + 1);
            if count.saturating_add(out.len()) > MAX_READINGS + 1 {
                return Err(BadPath);
            }
        }
        if out.len() > MAX_READINGS {
            return Err(BadPath);
        }
        for mut n in 1..count {
            let mut segs = self.segs.clone();
            for (i, alts) in &places {
                let choice = n % (alts.len() + 1);
                n /= alts.len() + 1;
                if let (Some(alt), Some(seg)) = (
                    choice.checked_sub(1).and_then(|c| alts.get(c)),
                    segs.get_mut(*i),
                ) {
                    seg.clone_from(alt);
                }
            }
            out.push(NormalPath { segs });
        }
        Ok(out)
    }
}

/// Decode `%XX` escapes; `None` for a malformed escape or a result that is not UTF-8.
pub(super) fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = hex(*bytes.get(i + 1)?)?;
            let lo = hex(*bytes.get(i + 2)?)?;
            out.push(hi * 16 + lo);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Does `s` still hold a `%XX` escape (a path that was encoded twice)?
fn has_escape(s: &str) -> bool {
    s.as_bytes()
        .windows(3)
        .any(|w| matches!(w, [b'%', a, b] if hex(*a).is_some() && hex(*b).is_some()))
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pat: &str, path: &str) -> bool {
        Pattern::parse(pat)
            .unwrap()
            .matches(&NormalPath::parse(path).unwrap())
    }

    #[test]
    fn trailing_star_matches_prefix_and_itself() {
        assert!(m("/public/*", "/public/a"));
        assert!(m("/public/*", "/public/a/b/c"));
        assert!(m("/public/*", "/public"));
        assert!(m("/public/*", "/public/"));
        assert!(!m("/public/*", "/publicity"));
        assert!(!m("/public/*", "/"));
        assert!(!m("/public/*", "/other/public/x"));
    }

    #[test]
    fn root_star_matches_everything() {
        assert!(m("/*", "/"));
        assert!(m("/*", "/a/b"));
    }

    #[test]
    fn exact_and_params() {
        assert!(m("/users/:id", "/users/42"));
        assert!(!m("/users/:id", "/users"));
        assert!(!m("/users/:id", "/users/42/keys"));
        assert!(m("/users/*/keys", "/users/42/keys"));
        assert!(!m("/users/*/keys", "/users/keys"));
        assert!(m("/", "/"));
        assert!(m("/", ""));
        assert!(!m("/", "/a"));
    }

    #[test]
    fn literals_are_case_insensitive_and_decoded() {
        assert!(m("/admin/*", "/ADMIN/x"));
        assert!(m("/admin/*", "/%61dmin/x"));
        assert!(m("/admin/*", "//admin//x"));
        // Letters outside ASCII that case-insensitive origins read as ASCII ones.
        assert!(m("/admin/*", "/adm%C4%B1n/x"));
        assert!(m("/admin/*", "/ADM%C4%B0N/x"));
        assert!(m("/secret", "/%C5%BFecret"));
        assert!(m("/keys", "/%E2%84%AAeys"));
        assert!(!m("/admin/*", "/adm%C3%AEn/x"));
        // Fullwidth forms, which NFKC and Windows' best-fit conversion read as ASCII.
        assert!(m(
            "/admin/*",
            "/%EF%BD%81%EF%BD%84%EF%BD%8D%EF%BD%89%EF%BD%8E/x"
        ));
        assert!(m("/admin/*", "/ＡＤＭＩＮ/x"));
        assert!(m("/admin/*", "/admin．/x"));
        assert!(m("/admin/*", "/admin%E3%80%80/x"));
        assert!(!m("/admin/*", "/ａｄｍｉｍ/x"));
        // Trailing dots and spaces, which Windows drops from names.
        assert!(m("/admin/*", "/admin./x"));
        assert!(m("/admin/*", "/Admin.%20./x"));
        assert!(m("/api/keys", "/api/keys."));
        assert!(!m("/admin/*", "/admin.x/y"));
        assert!(m("/a b", "/a%20b"));
        // A colon alone is a plain character (`/v1/keys:verify`).
        assert!(m("/v1/keys:verify", "/v1/keys:verify"));
        assert!(!m("/v1/keys", "/v1/keys:verify"));
        // A `%` that starts no escape is a plain character.
        assert!(m("/100%/x", "/100%25/x"));
        assert!(m("/a%zb", "/a%25zb"));
    }

    #[test]
    fn the_query_is_ignored() {
        assert!(m("/api/x", "/api/x?y=/admin"));
        assert!(m("/api/x", "/api/x?y=%23z"));
    }

    #[test]
    fn ambiguous_paths_are_rejected() {
        for p in [
            "/public/..%2Fadmin",
            "/public/%2e%2e/admin",
            "/a/%2f",
            "/a/%5c",
            "/a\\b",
            "/a/./b",
            "/a/../b",
            "/%zz",
            "/%4",
            "/%ff",
            // Dots and spaces only: `..` or nothing to an origin that drops trailing ones.
            "/public/..%20/admin",
            "/public/.%20/admin",
            "/public/.../admin",
            "/admin/%20/x",
            "/public/%E3%80%80../admin",
            "/public/..%E3%80%80/admin",
            // NTFS streams: the directory `admin` to IIS.
            "/admin::$INDEX_ALLOCATION/x",
            "/admin:$i30:$INDEX_ALLOCATION/x",
            "/admin%3A%3A%24INDEX_ALLOCATION/x",
            // Path parameters: `..;` is `..` to Tomcat, Jetty and Spring.
            "/public/..;/admin/x",
            "/public/..%3B/admin/x",
            "/public/x;jsessionid=1",
            "/admin;/x",
            "/a/%3b",
            // An encoded `?` or `#` ends the path for an origin that decodes and parses again;
            // a fragment is never part of a request target.
            "/admin%3F/x",
            "/admin%3f",
            "/admin%23/x",
            "/public#/../admin/x",
            "/api/x#frag",
            "/api/x?y=1#z",
            // The same in fullwidth forms: `／`, `＼`, `．．`, `；`, `？`, `％２Ｆ`.
            "/public/..%EF%BC%8Fadmin",
            "/public/..%EF%BC%BCadmin",
            "/public/%EF%BC%8E%EF%BC%8E/admin",
            "/public/．/admin",
            "/public/..；/admin",
            "/admin？/x",
            "/public/..％２Ｆadmin",
            // Other compatibility forms an NFKC origin reads as ASCII: `‥` (`..`), `․․`, `﹒﹒`,
            // `﹨` (`\`), `﹖` (`?`), `﹔` (`;`), `﹟` (`#`), `﹪` (`%`), `℀` (`a/c`), `;` (Greek
            // question mark), and letters (`ⓐ`, `𝐚`) that would spell a literal.
            "/public/%E2%80%A5/admin",
            "/public/‥/admin",
            "/public/․․/admin",
            "/public/﹒﹒/admin",
            "/public/..%EF%B9%A8admin",
            "/admin﹖/x",
            "/public/..﹔/admin",
            "/admin﹟/x",
            "/public/..﹪2Fadmin",
            "/public/℀/x",
            "/admin\u{37e}/x",
            "/ⓐdmin/x",
            "/%F0%9D%90%9Admin/x",
            // Control characters.
            "/a/%00",
            "/admin%0a/x",
            "/a/%7f",
            // Encoded twice: `..%2F` (or `%2e%2e`) once an origin decodes again.
            "/public/..%252Fadmin",
            "/public/%252e%252e/admin",
            "/%2561dmin/x",
            // Not a path: the absolute form (Express routes on its path) and `*`.
            "http://evil.example/admin/x",
            "HTTP://x/admin",
            "*",
            "admin/x",
        ] {
            assert_eq!(NormalPath::parse(p), Err(BadPath), "{p}");
        }
    }

    fn readings(pats: &[&str], path: &str, suffix: bool) -> Result<Vec<String>, BadPath> {
        let pats: Vec<Pattern> = pats.iter().map(|p| Pattern::parse(p).unwrap()).collect();
        let path = NormalPath::parse(path).unwrap();
        Ok(path
            .readings(pats.iter(), |i| !suffix && i + 1 == path.segs.len())?
            .into_iter()
            .map(|p| cat(&["/", &p.segs.join("/")]))
            .collect())
    }

    #[test]
    fn short_names_are_read_as_the_literals_they_may_stand_for() {
        let pats = [
            "/administrator/*",
            "/admin.json",
            "/my files/*",
            "/public/*",
        ];
        let r = |path| readings(&pats, path, false).unwrap();
        // The first six characters, then `~N`; folded; a hash form from the fifth name on.
        assert_eq!(r("/ADMINI~1/x"), ["/administrator/x"]);
        assert_eq!(r("/admin~12/x"), ["/administrator/x", "/admin.json/x"]);
        assert_eq!(r("/AD3F2A~1/x"), ["/administrator/x", "/admin.json/x"]);
        // An extension names only a literal with one it starts.
        assert_eq!(r("/ADMIN~1.JSO"), ["/admin.json"]);
        assert_eq!(r("/ADMIN~1.JSO/x"), ["/admin.json/x"]);
        assert_eq!(r("/ADMIN~1.PHP"), Vec::<String>::new());
        // Spaces dropped; trailing dots and spaces dropped as Windows drops them.
        assert_eq!(r("/MYFILE~1/x"), ["/my files/x"]);
        assert_eq!(r("/ADMINI~1./x"), ["/administrator/x"]);
        // Not a short name: no `~` and digits, too long, an extension of 4, no base.
        for path in [
            "/ADMINI~X/x",
            "/ADMINIST~1/x",
            "/admini~12/x",
            "/ADMIN~1.JSON/x",
            "/~1/x",
            "/administrator/x",
            "/public/x",
        ] {
            assert_eq!(r(path), Vec::<String>::new(), "{path}");
        }
        // A short name no literal could have, or whose extension differs: no reading.
        assert_eq!(r("/XYZ~1/x"), Vec::<String>::new());
        // Read leniently: `public` needs no short name, but `public files` would have this one.
        assert_eq!(r("/PUBLIC~1/x"), ["/public/x"]);
        // Only the literals at the segment's place.
        assert_eq!(r("/public/ADMINI~1"), Vec::<String>::new());
    }

    #[test]
    fn a_segment_without_a_suffix_is_read_as_a_literal_with_one() {
        let pats = ["/admin.php", "/x/report.pdf", "/x/*"];
        assert_eq!(readings(&pats, "/ADMIN", true).unwrap(), ["/admin.php"]);
        assert_eq!(
            readings(&pats, "/x/report", true).unwrap(),
            ["/x/report.pdf"]
        );
        assert_eq!(
            readings(&pats, "/admin", false).unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(
            readings(&pats, "/x/admin", true).unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(
            readings(&pats, "/admin/x", true).unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_suffix_is_read_as_spring_reads_it() {
        let pats = ["/admin", "/files/*"];
        assert_eq!(readings(&pats, "/admin.json", true).unwrap(), ["/admin"]);
        assert_eq!(readings(&pats, "/admin.a.b", true).unwrap(), ["/admin"]);
        assert_eq!(
            readings(&pats, "/x/admin.json", true).unwrap(),
            ["/x/admin"]
        );
        assert_eq!(
            readings(&pats, "/admin.json", false).unwrap(),
            Vec::<String>::new()
        );
        // Only the last segment; a leading dot is a name, not a suffix.
        assert_eq!(
            readings(&pats, "/admin.json/x", true).unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(
            readings(&pats, "/.env", true).unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(
            readings(&pats, "/admin", true).unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_script_before_the_last_segment_is_read_with_its_path_info() {
        let r = |path| readings(&["/admin/*"], path, false).unwrap();
        assert_eq!(r("/index.php/admin/users"), ["/index.php", "/admin/users"]);
        assert_eq!(
            r("/app/INDEX.PHP./admin"),
            ["/app/INDEX.PHP.", "/app/admin"]
        );
        assert_eq!(r("/cgi-bin/run.cgi/x"), ["/cgi-bin/run.cgi", "/cgi-bin/x"]);
        assert_eq!(r("/Default.aspx/admin"), ["/Default.aspx", "/admin"]);
        // Last, a script has no path info; a dot of another kind is no script.
        for path in [
            "/index.php",
            "/admin/index.php",
            "/api/v1.2/users",
            "/a.json/b",
            "/php/x",
        ] {
            assert_eq!(r(path), Vec::<String>::new(), "{path}");
        }
        // Two scripts: each one's readings.
        assert_eq!(
            r("/a.php/b.php/c"),
            ["/a.php", "/b.php/c", "/a.php/b.php", "/a.php/c"]
        );
    }

    #[test]
    fn asp_net_cookieless_ids_are_read_away() {
        let r = |path| readings(&["/admin/*"], path, false).unwrap();
        assert_eq!(r("/(S(abc123))/admin/x"), ["/admin/x"]);
        assert_eq!(r("/(S(a)F(b))/(A(c))/admin"), ["/admin"]);
        for path in ["/(S)/admin", "/(abc)/admin", "/S(x)/admin", "/(S(x)/admin"] {
            assert_eq!(r(path), Vec::<String>::new(), "{path}");
        }
    }

    #[test]
    fn short_names_combine_and_are_bounded() {
        let pats = ["/administrator/secretstuff", "/adminpanel/secrets"];
        let mut got = readings(&pats, "/ADMINI~1/SECRET~1", false).unwrap();
        got.sort();
        assert_eq!(
            got,
            [
                "/ADMINI~1/secrets",
                "/ADMINI~1/secretstuff",
                "/administrator/SECRET~1",
                "/administrator/secrets",
                "/administrator/secretstuff",
            ]
        );
        // Eight literals each of three short-name segments: 9^3 - 1 readings, refused.
        let many: Vec<String> = (0..8)
            .map(|i| {
                cat(&[
                    "/abcdefg",
                    &i.to_string(),
                    "/abcdefg",
                    &i.to_string(),
                    "/abcdefg",
                    &i.to_string(),
                ])
            })
            .collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            readings(&many, "/ABCDEF~1/ABCDEF~1/ABCDEF~1", false),
            Err(BadPath)
        );
        assert_eq!(
            readings(&many, "/ABCDEF~1/x/y", false).map(|r| r.len()),
            Ok(8)
        );
        // Scripts with path info: two readings each, at most 64 in all.
        let scripts = |n: usize| "/a.php".repeat(n) + "/x";
        assert_eq!(readings(&[], &scripts(32), false).map(|r| r.len()), Ok(64));
        assert_eq!(readings(&[], &scripts(33), false), Err(BadPath));
        assert_eq!(readings(&[], &scripts(5000), false), Err(BadPath));
    }

    #[test]
    fn bad_patterns_are_refused() {
        // Literals no request can match: their requests would fall to the fallback.
        for pat in [
            "/search?type=admin",
            "/admin#x",
            "/a;b",
            "/a\\b",
            "/%61dmin",
            "/admin/..",
            "/admin/.../x",
            "/a::$DATA",
            "/a\u{1}b",
            "/ａ；ｂ",
            "/a／b",
            "/a‥b",
            "/ⓐdmin",
        ] {
            assert!(Pattern::parse(pat).is_err(), "{pat}");
        }
        assert!(Pattern::parse("/100%").is_ok());
        assert!(Pattern::parse("/v1/keys:verify").is_ok());
        assert!(Pattern::parse("api/*").is_err());
        assert!(Pattern::parse("/api*").is_err());
        assert!(Pattern::parse("/a/b*c").is_err());
        assert_eq!(Pattern::parse("/x/*").unwrap().as_str(), "/x/*");
    }
}
