//! The rate limits of a key or an identity as upstream's writes leave its rows of MySQL's
//! `ratelimits` table, whose `name` is unique per key and per identity under its collation
//! ([`column::RATELIMIT_NAME`], `utf8mb4_0900_as_cs`: a precomposed `é` equals `e` + U+0301).
//!
//! Upstream's handlers match names in Go, byte for byte (maps keyed by name); the table matches
//! them under the collation, where the bulk `INSERT … ON DUPLICATE KEY UPDATE` that stores them
//! meets a row of an equal name and updates it. The two upserts differ in the name they keep:
//! a key's (`key_insert_ratelimit.sql`) updates `limit`, `duration` and `auto_apply` and keeps
//! the row's name; an identity's (`identity_insert_ratelimit.sql`) takes the new name too. The
//! row keeps its id either way. Where the outcome hangs on the order Go iterates a map (two
//! such names in one update), unkey-local refuses the request: Go draws that order per
//! request, and which outcome is likelier depends on where the names stand in it (the
//! unkey-local README, "Likewise rate-limit names").

use crate::collation::{column, Key as CollKey};
use crate::error::ApiError;
use crate::ids::new_id;
use crate::model::RateLimit;
use crate::validate::RatelimitInput;

/// Whose rate limits a write stores: their upserts keep different names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// `keys.createKey`, `keys.migrateKeys`: an equal name keeps the row's own.
    Key,
    /// `identities.createIdentity`: an equal name replaces the row's.
    Identity,
}

/// Whether upstream's verification cannot load a key that has this rate limit (its own, or
/// its live identity's): a negative limit or window, which a decoded body's item may hold
/// ([`crate::validate::takes_stored_values`]) and upstream stores as Go's `uint64` of it,
/// 2^64 - |n|. Every other read takes the row as a `uint64` (`db.RatelimitInfo`, `bigint
/// unsigned` scans) and answers its `int64`, n again; the verification's loader
/// (internal/services/keys/get.go) decodes the key's and its identity's rows of
/// FindKeyForVerification into `KeyFindForVerificationRatelimit`, whose `limit` and `duration`
/// are Go `int`s, fails on the number past `math.MaxInt64`, and caches nothing, so every
/// verification of such a key is its 500 ([`crate::error::ApiError::key_load_failed`]).
pub fn unreadable_by_verification(r: &RateLimit) -> bool {
    r.limit < 0 || r.duration < 0
}

fn row(id: String, name: &str, values: &RatelimitInput) -> RateLimit {
    RateLimit {
        id,
        name: name.to_string(),
        limit: values.limit,
        duration: values.duration,
        auto_apply: values.auto_apply,
    }
}

fn same_values(a: &RatelimitInput, b: &RatelimitInput) -> bool {
    (a.limit, a.duration, a.auto_apply) == (b.limit, b.duration, b.auto_apply)
}

/// Items grouped by their names (`name`) under the column's collation, each group in its
/// items' order, the groups in the order of their first items. No group is empty.
fn classes<T>(items: impl IntoIterator<Item = T>, name: impl Fn(&T) -> &str) -> Vec<Vec<T>> {
    let mut groups: Vec<(CollKey, Vec<T>)> = Vec::new();
    for item in items {
        let key = column::RATELIMIT_NAME.key(name(&item));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.push(item),
            None => groups.push((key, vec![item])),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// The stored row whose name is `name` byte for byte (upstream's Go map of the stored rows).
fn stored<'a>(previous: &'a [RateLimit], name: &str) -> Option<&'a RateLimit> {
    previous.iter().find(|p| p.name == name)
}

/// The refusal of an update whose outcome upstream leaves to Go's map order.
fn not_run(group: &[&RatelimitInput]) -> ApiError {
    let names: Vec<String> = group.iter().map(|r| format!("'{}'", r.name)).collect();
    ApiError::invalid_detail(format!(
        "unkey-local does not run this update of rate limits: the names {} are equal under \
         the column's collation (utf8mb4_0900_as_cs), and which name and values the real \
         server keeps depends on the order Go iterates a map; see the unkey-local README",
        names.join(", ")
    ))
}

/// The rows a create stores (`keys.createKey`, `keys.migrateKeys`,
/// `identities.createIdentity`): the items inserted in order, each with a fresh id. An item
/// whose name equals an earlier one's under the collation (byte for byte too) updates that
/// row, in its place: its values, and for an identity its name.
pub fn created(input: &[RatelimitInput], owner: Owner) -> Vec<RateLimit> {
    classes(input, |r| &r.name)
        .into_iter()
        .filter_map(|group| {
            let first = group.first()?;
            let last = group.last()?;
            let name = match owner {
                Owner::Key => &first.name,
                Owner::Identity => &last.name,
            };
            Some(row(new_id("rl"), name, last))
        })
        .collect()
}

/// A key's rows after `keys.updateKey` (v2_keys_update_key/handler.go): the items keyed by
/// name in a Go map (a name given twice keeps its later values), the stored rows whose name
/// no item has byte for byte deleted, and the rest upserted in one statement in the map's
/// order, each with the id of the stored row of its exact name, else a fresh one.
///
/// Names equal only under the collation meet in one row. Its name is the stored row's where
/// one of them is that row's exact name (the key's upsert keeps it), its values those of the
/// item the map gives last: that is certain only where the items' values are all the same.
/// Any other such update is refused ([`not_run`]), since upstream's answer is not.
pub fn updated_for_key(
    input: &[RatelimitInput],
    previous: &[RateLimit],
) -> Result<Vec<RateLimit>, ApiError> {
    let mut items: Vec<&RatelimitInput> = Vec::new();
    for r in input {
        match items.iter_mut().find(|i| i.name == r.name) {
            Some(i) => *i = r,
            None => items.push(r),
        }
    }
    let mut rows = Vec::new();
    for group in classes(items, |r| &r.name) {
        let [first, rest @ ..] = group.as_slice() else {
            continue;
        };
        if rest.is_empty() {
            let id = stored(previous, &first.name).map_or_else(|| new_id("rl"), |p| p.id.clone());
            rows.push(row(id, &first.name, first));
            continue;
        }
        match group.iter().find_map(|i| stored(previous, &i.name)) {
            Some(kept) if rest.iter().all(|r| same_values(r, first)) => {
                rows.push(row(kept.id.clone(), &kept.name, first));
            }
            _ => return Err(not_run(&group)),
        }
    }
    Ok(rows)
}

/// What `identities.updateIdentity` stores and answers.
#[derive(Debug)]
pub struct IdentityUpdate {
    /// The identity's rows afterwards.
    pub rows: Vec<RateLimit>,
    /// The answer's `ratelimits`: one per item, built from the request (upstream answers what
    /// it meant to write, not what the table holds).
    pub answer: Vec<RateLimit>,
}

/// An identity's rows after `identities.updateIdentity`
/// (v2_identities_update_identity/handler.go; it has refused a name given twice byte for
/// byte): the stored rows whose name no item has byte for byte deleted, each item with a
/// stored row of its exact name written there by id (`UPDATE … WHERE id`), and the others
/// inserted with fresh ids in one upsert after those. An inserted item whose name equals a
/// kept row's under the collation updates that row, name and values.
///
/// Two inserted items of names equal under the collation meet in one row whose name and
/// values are those of the one the map gives last: such an update is refused ([`not_run`]).
pub fn updated_for_identity(
    input: &[RatelimitInput],
    previous: &[RateLimit],
) -> Result<IdentityUpdate, ApiError> {
    let answer: Vec<RateLimit> = input
        .iter()
        .map(|r| {
            let id = stored(previous, &r.name).map_or_else(|| new_id("rl"), |p| p.id.clone());
            row(id, &r.name, r)
        })
        .collect();
    let mut rows = Vec::new();
    for group in classes(input.iter().zip(&answer), |(r, _)| &r.name) {
        let (updated, inserted): (Vec<_>, Vec<_>) = group
            .iter()
            .partition(|(r, _)| stored(previous, &r.name).is_some());
        if inserted.len() > 1 {
            let names: Vec<&RatelimitInput> = group.iter().map(|(r, _)| *r).collect();
            return Err(not_run(&names));
        }
        // The row keeps its id (a stored one's, else the inserted item's fresh one) and takes
        // the inserted item's name and values, else the updated one's.
        let Some((item, answered)) = inserted.first().or(updated.first()) else {
            continue;
        };
        let id = updated.first().map_or(&answered.id, |(_, a)| &a.id);
        rows.push(row(id.clone(), &item.name, item));
    }
    Ok(IdentityUpdate { rows, answer })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, limit: i64) -> RatelimitInput {
        RatelimitInput {
            name: name.into(),
            limit,
            duration: 1000,
            auto_apply: false,
        }
    }

    fn stored_row(id: &str, name: &str) -> RateLimit {
        RateLimit {
            id: id.into(),
            name: name.into(),
            limit: 1,
            duration: 1000,
            auto_apply: false,
        }
    }

    const PRE: &str = "caf\u{e9}";
    const DE: &str = "cafe\u{301}";

    #[test]
    fn created_keeps_the_first_name_for_a_key_and_the_later_for_an_identity() {
        let input = [item(PRE, 1), item("other", 2), item(DE, 3)];
        let k = created(&input, Owner::Key);
        let i = created(&input, Owner::Identity);
        assert_eq!(k.len(), 2);
        assert_eq!((k[0].name.as_str(), k[0].limit), (PRE, 3));
        assert_eq!((i[0].name.as_str(), i[0].limit), (DE, 3));
        assert_eq!(i[1].name, "other");
    }

    #[test]
    fn updated_for_key_keeps_the_stored_row_or_refuses() {
        let prev = [stored_row("rl_a", PRE)];
        let r = updated_for_key(&[item(DE, 5)], &prev).unwrap();
        assert_eq!((r[0].name.as_str(), r[0].limit), (DE, 5));
        assert_ne!(r[0].id, "rl_a");
        let r = updated_for_key(&[item(DE, 5), item(PRE, 5)], &prev).unwrap();
        assert_eq!((r[0].id.as_str(), r[0].name.as_str()), ("rl_a", PRE));
        assert!(updated_for_key(&[item(DE, 5), item(PRE, 6)], &prev).is_err());
        assert!(updated_for_key(&[item(DE, 5), item(PRE, 5)], &[]).is_err());
    }

    #[test]
    fn updated_for_identity_renames_the_kept_row_or_refuses() {
        let prev = [stored_row("rl_a", PRE)];
        let u = updated_for_identity(&[item(PRE, 5), item(DE, 7)], &prev).unwrap();
        assert_eq!(u.rows.len(), 1);
        assert_eq!(
            (
                u.rows[0].id.as_str(),
                u.rows[0].name.as_str(),
                u.rows[0].limit
            ),
            ("rl_a", DE, 7)
        );
        assert_eq!(u.answer.len(), 2);
        assert_eq!(u.answer[0].id, "rl_a");
        assert_ne!(u.answer[1].id, "rl_a");
        let u = updated_for_identity(&[item(DE, 7)], &prev).unwrap();
        assert_eq!(u.rows[0].id, u.answer[0].id);
        assert_ne!(u.rows[0].id, "rl_a");
        assert!(updated_for_identity(&[item(DE, 7), item("ca\u{200d}f\u{e9}", 7)], &prev).is_err());
    }
}
