//! Credit refills, applied lazily whenever a key is read or verified: if a refill boundary
//! (UTC midnight for `daily`; the refill day of each month for `monthly`, clamped to the month's
//! last day) has passed since the last refill, a `remaining` below the refill amount is reset to
//! it (see [`apply`]).

use crate::calendar::{civil_from_days, days_from_civil, days_in_month};
use crate::model::Key;

const DAY_MS: i64 = 86_400_000;

/// The first refill moment strictly after `t` (Unix ms).
pub fn next_refill_after(t: i64, interval: &str, refill_day: Option<i64>) -> i64 {
    let day = t.div_euclid(DAY_MS);
    if interval != "monthly" {
        return day.saturating_add(1).saturating_mul(DAY_MS);
    }
    // As the refill job selects keys (`key_list_for_refill.sql`): the day itself, or the last
    // day of a month shorter than it (so any day past 31 is the last); a day below 1 (only a
    // decoded body's) is never today, so such a key is never refilled.
    let want = match refill_day {
        Some(d) if d < 1 => return i64::MAX,
        d => d.unwrap_or(1).min(31),
    };
    let (mut y, mut m, _) = civil_from_days(day);
    loop {
        let d = want.min(days_in_month(y, m));
        // Past the last representable instant there is no next refill.
        let Some(at) = days_from_civil(y, m, d).checked_mul(DAY_MS) else {
            return i64::MAX;
        };
        if at > t {
            return at;
        }
        if m == 12 {
            y += 1;
            m = 1;
        } else {
            m += 1;
        }
    }
}

/// Applies a due refill to a key as upstream's daily refill job does
/// (svc/ctrl/worker/cron/keyrefill, `key_list_for_refill.sql`, `key_refill_by_ids.sql`): at a
/// refill moment a key whose `remaining` is unlimited or below the amount is reset to the
/// amount and its `updatedAt` becomes that moment; a key at or above the amount is left alone.
/// Every read or write of the key's credits applies it first, so `remaining` at the refill
/// moment is what it is now. Returns whether the key changed (to be written back).
pub fn apply(key: &mut Key, now: i64) -> bool {
    let Some(c) = key.credits.as_mut() else {
        return false;
    };
    let Some(r) = &c.refill else { return false };
    let due = next_refill_after(c.last_refill_at, &r.interval, r.refill_day);
    if now < due {
        return false;
    }
    // The job has run since: the next refill is counted from now on, refilled or not.
    c.last_refill_at = now;
    if c.remaining.is_some_and(|left| left >= r.amount) {
        return true;
    }
    c.remaining = Some(r.amount);
    key.updated_at = Some(due);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(y: i64, m: i64, d: i64) -> i64 {
        days_from_civil(y, m, d) * DAY_MS
    }

    #[test]
    fn calendar_round_trip() {
        for z in [-1000, 0, 59, 11_016, 20_000, 30_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2025, 2), 28);
    }

    #[test]
    fn daily_and_monthly_boundaries() {
        let t = ms(2026, 3, 10) + 5_000;
        assert_eq!(next_refill_after(t, "daily", None), ms(2026, 3, 11));
        assert_eq!(next_refill_after(t, "monthly", Some(15)), ms(2026, 3, 15));
        assert_eq!(next_refill_after(t, "monthly", Some(5)), ms(2026, 4, 5));
        // Day 31 in February refills on its last day.
        assert_eq!(
            next_refill_after(ms(2026, 2, 1), "monthly", Some(31)),
            ms(2026, 2, 28)
        );
    }

    #[test]
    fn apply_refills_only_below_the_amount() {
        let start = ms(2026, 1, 1) + 1;
        let key = |remaining| Key {
            id: "key_1".into(),
            api_id: "api_1".into(),
            hash: String::new(),
            start: String::new(),
            prefix: None,
            name: None,
            meta: None,
            created_at: start,
            updated_at: None,
            last_used_at: None,
            expires: None,
            enabled: true,
            permissions: Vec::new(),
            roles: Vec::new(),
            credits: Some(crate::model::Credits {
                remaining,
                refill: Some(crate::model::Refill {
                    interval: "daily".into(),
                    amount: 10,
                    refill_day: None,
                }),
                last_refill_at: start,
            }),
            ratelimits: Vec::new(),
            identity_id: None,
            deleted: false,
            pending_migration_id: None,
            encrypted: None,
        };
        let mut low = key(Some(0));
        assert!(!apply(&mut low, ms(2026, 1, 1) + 50_000));
        assert!(apply(&mut low, ms(2026, 1, 2) + 7));
        assert_eq!(low.credits.as_ref().and_then(|c| c.remaining), Some(10));
        assert_eq!(low.updated_at, Some(ms(2026, 1, 2)));
        // Above the amount: untouched, but the day's run is over.
        let mut high = key(Some(50));
        assert!(apply(&mut high, ms(2026, 1, 2) + 7));
        assert_eq!(high.credits.as_ref().and_then(|c| c.remaining), Some(50));
        assert_eq!(high.updated_at, None);
        assert!(!apply(&mut high, ms(2026, 1, 2) + 9));
        // Unlimited with a refill (updateCredits `set` without a value) is refilled.
        let mut unlimited = key(None);
        assert!(apply(&mut unlimited, ms(2026, 1, 3)));
        assert_eq!(
            unlimited.credits.as_ref().and_then(|c| c.remaining),
            Some(10)
        );
    }
}
