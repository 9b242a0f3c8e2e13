//! Credit refills, applied lazily whenever a key is read or verified: if a refill boundary
//! (UTC midnight for `daily`; the refill day of each month for `monthly`, clamped to the month's
//! last day) has passed since the last refill, `remaining` is reset to the refill amount.

use crate::calendar::{civil_from_days, days_from_civil, days_in_month};
use crate::model::Credits;

const DAY_MS: i64 = 86_400_000;

/// The first refill moment strictly after `t` (Unix ms).
pub fn next_refill_after(t: i64, interval: &str, refill_day: Option<i64>) -> i64 {
    let day = t.div_euclid(DAY_MS);
    if interval != "monthly" {
        return (day + 1) * DAY_MS;
    }
    let want = refill_day.unwrap_or(1).clamp(1, 31);
    let (mut y, mut m, _) = civil_from_days(day);
    loop {
        let d = want.min(days_in_month(y, m));
        let at = days_from_civil(y, m, d) * DAY_MS;
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

/// Applies a due refill; returns whether the credits changed.
pub fn apply(c: &mut Credits, now: i64) -> bool {
    let Some(r) = &c.refill else { return false };
    if now < next_refill_after(c.last_refill_at, &r.interval, r.refill_day) {
        return false;
    }
    c.remaining = Some(r.amount);
    c.last_refill_at = now;
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
    fn apply_resets_to_amount() {
        let mut c = Credits {
            remaining: Some(0),
            refill: Some(crate::model::Refill {
                interval: "daily".into(),
                amount: 10,
                refill_day: None,
            }),
            last_refill_at: ms(2026, 1, 1) + 1,
        };
        assert!(!apply(&mut c, ms(2026, 1, 1) + 50_000));
        assert!(apply(&mut c, ms(2026, 1, 2)));
        assert_eq!(c.remaining, Some(10));
    }
}
