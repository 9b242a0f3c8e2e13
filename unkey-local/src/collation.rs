//! MySQL's Unicode collations, for the names upstream keeps in its MySQL tables and compares
//! there: equality (unique indexes, lookups by name) and `LIKE '%term%'` search.
//!
//! Upstream's columns use MySQL 8's `utf8mb4_0900_ai_ci` (the default: role names, permission
//! slugs, portal slugs) or `utf8mb4_0900_as_cs` (rate-limit namespace names, override
//! identifiers, rate-limit names of keys and identities, identities' external ids). Both are the Unicode collation algorithm over its
//! default table (DUCET 9.0.0) with variable characters non-ignorable and no padding; `ai_ci`
//! compares primary weights only (accents and case ignored, `ß` = `ss`), `as_cs` three levels
//! (a precomposed `é` equals `e` + U+0301, a lowercase letter differs from its capital). Both
//! ignore characters that weigh nothing at their levels (controls such as U+0001, U+200D).
//!
//! The weights here are ICU4X's (`icu_collator`): the CLDR root collation, which is DUCET with
//! a few characters reordered (orders differ, not which strings are equal) at its own, later
//! Unicode version, so characters added to Unicode after 9.0.0 may equal others here where
//! MySQL gives each a weight of its own.

use icu_collator::options::{AlternateHandling, CollatorOptions, Strength};
use icu_collator::{CollatorBorrowed, CollatorPreferences};
use std::cmp::Ordering;
use std::sync::LazyLock;

/// The collations of the columns unkey-local compares, as upstream's schema
/// (`pkg/mysql/schema/*.sql`) declares them; a column without a `COLLATE` of its own takes the
/// database's default, MySQL 8's `utf8mb4_0900_ai_ci`.
pub mod column {
    use super::Collation::{self, AiCi, AsCs};
    /// `roles.name` (unique per workspace; `getRole`/`deleteRole` by name).
    pub const ROLE_NAME: Collation = AiCi;
    /// `permissions.slug` (unique per workspace), `.name` and `.description` (searched).
    pub const PERMISSION_TEXT: Collation = AiCi;
    /// `roles.description` (searched).
    pub const ROLE_DESCRIPTION: Collation = AiCi;
    /// `portals.slug` (unique per workspace).
    pub const PORTAL_SLUG: Collation = AiCi;
    /// `ratelimit_namespaces.name` (unique per workspace; every lookup by name).
    pub const NAMESPACE_NAME: Collation = AsCs;
    /// `ratelimit_overrides.identifier` (unique per namespace; `setOverride` finds its row).
    pub const OVERRIDE_IDENTIFIER: Collation = AsCs;
    /// `ratelimits.name` (unique per key and per identity; the upserts that store them,
    /// [`crate::limit_rows`]).
    pub const RATELIMIT_NAME: Collation = AsCs;
    /// `identities.external_id` (unique per workspace among live ones; lookups).
    pub const EXTERNAL_ID: Collation = AsCs;
    /// Every `id` column (searched by `listRoles`, `listPermissions`, `listIdentities`).
    pub const ID: Collation = AsCs;
}

/// A MySQL collation of a column upstream compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collation {
    /// `utf8mb4_0900_ai_ci`: primary weights only.
    AiCi,
    /// `utf8mb4_0900_as_cs`: primary, secondary and tertiary weights.
    AsCs,
}

/// A string's sort key under a [`Collation`]: two strings are equal under it exactly when their
/// keys are. Computed once where a name is stored, and once for a name looked up.
/// Keys order as the collation orders their strings (bytewise).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(Box<[u8]>);

struct Collators {
    ai_ci: CollatorBorrowed<'static>,
    as_cs: CollatorBorrowed<'static>,
}

fn collator(strength: Strength) -> Result<CollatorBorrowed<'static>, String> {
    let mut options = CollatorOptions::default();
    options.strength = Some(strength);
    // MySQL's 0900 collations weigh spaces and punctuation (non-ignorable), as CLDR's root does
    // by default; said here so a change of default cannot change the answers.
    options.alternate_handling = Some(AlternateHandling::NonIgnorable);
    CollatorBorrowed::try_new(CollatorPreferences::default(), options)
        .map_err(|e| format!("cannot build the Unicode collator: {e}"))
}

static COLLATORS: LazyLock<Result<Collators, String>> = LazyLock::new(|| {
    Ok(Collators {
        ai_ci: collator(Strength::Primary)?,
        as_cs: collator(Strength::Tertiary)?,
    })
});

/// Builds the collators (from data compiled in), or says why not: the server refuses to start
/// then rather than compare names otherwise.
pub fn check() -> Result<(), String> {
    COLLATORS.as_ref().map(|_| ()).map_err(Clone::clone)
}

/// The keys of the ASCII characters, each alone, lower-cased (see [`Contains`]).
static ASCII_KEYS: LazyLock<[[Key; 128]; 2]> = LazyLock::new(|| {
    let table = |c: Collation| {
        std::array::from_fn(|b| {
            let ch = char::from(u8::try_from(b).unwrap_or(0)).to_ascii_lowercase();
            c.key(ch.encode_utf8(&mut [0; 4]))
        })
    };
    [table(Collation::AiCi), table(Collation::AsCs)]
});

impl Collation {
    fn collator(self) -> Option<&'static CollatorBorrowed<'static>> {
        let c = COLLATORS.as_ref().ok()?;
        Some(match self {
            Collation::AiCi => &c.ai_ci,
            Collation::AsCs => &c.as_cs,
        })
    }

    /// The key of `s` under this collation.
    pub fn key(self, s: &str) -> Key {
        let mut out = Vec::with_capacity(s.len() * 2 + 4);
        match self.collator() {
            Some(c) => match c.write_sort_key_to(s, &mut out) {
                Ok(()) => {}
                Err(never) => match never {},
            },
            // Unreachable once `check` has passed at startup; bytes compare exactly.
            None => out.extend_from_slice(s.as_bytes()),
        }
        Key(out.into_boxed_slice())
    }

    /// Whether `a` and `b` are equal under this collation (for a one-off comparison; a name
    /// compared again and again is keyed once instead).
    pub fn eq(self, a: &str, b: &str) -> bool {
        match self.collator() {
            Some(c) => c.compare(a, b) == Ordering::Equal,
            None => a == b,
        }
    }

    /// The key of one character alone, lower-cased first as MySQL's `LOWER` does it (its
    /// simple mapping: one character for one, so `İ` becomes `i`).
    fn char_key(self, c: char) -> Key {
        if let Some(k) = u8::try_from(c).ok().and_then(|b| {
            ASCII_KEYS
                .get(usize::from(self == Collation::AsCs))?
                .get(usize::from(b))
        }) {
            return k.clone();
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        self.key(lower.encode_utf8(&mut [0; 4]))
    }

    /// The search `LOWER(column) LIKE LOWER('%term%')` makes of `term` (upstream's
    /// `mysql.SearchContains`, which escapes `%`, `_` and `\` so that they match themselves).
    pub fn contains(self, term: &str) -> Contains {
        Contains {
            collation: self,
            chars: term.chars().map(|c| self.char_key(c)).collect(),
        }
    }
}

/// A `LIKE '%term%'` search under a collation. MySQL's `LIKE` compares character by
/// character, each pattern character with one character of the value, equal when their own
/// weights are (so, unlike `=`, `ß` does not match `ss`, `é` does not match `e` + U+0301 under
/// `as_cs`, and a character of no weight matches only another such); the value matches where
/// the term's characters equal a run of its own.
#[derive(Debug, Clone)]
pub struct Contains {
    collation: Collation,
    chars: Vec<Key>,
}

impl Contains {
    /// Whether `value` holds the term.
    pub fn matches(&self, value: &str) -> bool {
        if self.chars.is_empty() {
            return true;
        }
        let value: Vec<Key> = value.chars().map(|c| self.collation.char_key(c)).collect();
        value.windows(self.chars.len()).any(|w| w == self.chars)
    }
}

#[cfg(test)]
mod tests {
    use super::Collation::{AiCi, AsCs};

    #[test]
    fn ai_ci_ignores_accents_case_and_weightless_characters() {
        assert!(AiCi.eq("Café", "cafe"));
        assert!(AiCi.eq("straße", "STRASSE"));
        assert!(AiCi.eq("a\u{1}b", "ab"));
        assert!(!AiCi.eq("a b", "ab"), "a space weighs (non-ignorable)");
        assert!(!AiCi.eq("ab ", "ab"), "NO PAD");
        assert_eq!(AiCi.key("Café"), AiCi.key("CAFE"));
    }

    #[test]
    fn as_cs_keeps_accents_and_case_but_not_the_normal_form() {
        assert!(AsCs.eq("caf\u{e9}", "cafe\u{301}"));
        assert!(AsCs.eq("ab", "a\u{200d}b"));
        assert!(AsCs.eq("ab", "a\u{1}b"));
        assert!(!AsCs.eq("café", "cafe"));
        assert!(!AsCs.eq("Cafe", "cafe"));
        assert_eq!(AsCs.key("caf\u{e9}"), AsCs.key("cafe\u{301}"));
        assert_ne!(AsCs.key("café"), AsCs.key("cafe"));
        // Canonically equivalent orders of combining marks are equal here (MySQL, which does
        // not normalize, tells them apart under as_cs; see the README).
        assert!(AsCs.eq("a\u{323}\u{302}", "a\u{302}\u{323}"));
    }

    #[test]
    fn contains_compares_character_by_character() {
        assert!(AiCi.contains("cafe").matches("Le Café"));
        assert!(AiCi.contains("É").matches("cafe"));
        assert!(!AiCi.contains("ss").matches("straße"));
        assert!(!AiCi.contains("ß").matches("STRASSE"));
        assert!(AiCi.contains("e").matches("cafe\u{301}"));
        // LOWER on both sides: as_cs search ignores case, not accents.
        assert!(AsCs.contains("KEY_").matches("key_abc"));
        assert!(!AsCs.contains("e").matches("é"));
        assert!(!AsCs.contains("\u{e9}").matches("cafe\u{301}"));
        assert!(AsCs.contains("İ").matches("i"));
    }
}
