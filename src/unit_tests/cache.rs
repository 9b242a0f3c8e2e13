//! The verification cache's policy and store, on a fake clock (ms since the epoch).

use crate::cache::{request_id, CacheOptions, Effect, Lookup, VerifyCache};

const REQ: &str = r#"{"key":"sk_secret_1","permissions":"docs.read"}"#;

fn answer(code: &str, valid: bool, extra: &str) -> String {
    format!(
        r#"{{"meta":{{"requestId":"req_1"}},"data":{{"valid":{valid},"code":"{code}","keyId":"key_1"{extra}}}}}"#
    )
}

fn opts() -> CacheOptions {
    CacheOptions::default()
        .ttl_ms(1_000)
        .stale_ms(2_000)
        .negative_ttl_ms(500)
}

/// Looks `req` up and, when told to lead, settles with `answer`; returns the ticket outcome.
fn fill(c: &mut VerifyCache, req: &str, answer: &str, now: f64) -> bool {
    match c.lookup(req, now) {
        Lookup::Lead(t) => c.settle(t, Some(answer), now),
        other => panic!("expected a lead, got {other:?}"),
    }
}

#[test]
fn ids_hash_the_key_and_keep_the_rest_of_the_question() {
    let a = request_id(REQ).unwrap();
    assert_eq!(a, request_id(REQ).unwrap());
    assert_eq!(a.len(), 32 + "permissions\0\"docs.read\"\0".len());
    // The key itself is never part of the id.
    assert!(!a.windows(b"sk_secret_1".len()).any(|w| w == b"sk_secret_1"));
    let other_query = request_id(r#"{"key":"sk_secret_1","permissions":"docs.write"}"#).unwrap();
    let other_key = request_id(r#"{"key":"sk_secret_2","permissions":"docs.read"}"#).unwrap();
    assert_ne!(a, other_query);
    assert_ne!(a, other_key);
    assert_eq!(a.get(..32), other_query.get(..32));
    // Requests that spend, or that cannot be read as one key, are never cached.
    for spends in [
        r#"{"key":"k","credits":{"cost":0}}"#,
        r#"{"key":"k","ratelimits":[{"name":"r"}]}"#,
        r#"{"key":"k","key":"j"}"#,
        r#"{"key":1}"#,
        r#"{"permissions":"a"}"#,
        r#"["key"]"#,
        "not json",
    ] {
        assert_eq!(request_id(spends), None, "{spends}");
    }
    assert!(request_id(r#"{"key":"k","ratelimits":[]}"#).is_some());
}

#[test]
fn a_valid_answer_is_fresh_then_stale_with_one_refresh_then_gone() {
    let mut c = VerifyCache::new(opts());
    let ok = answer("VALID", true, "");
    assert!(fill(&mut c, REQ, &ok, 0.0));
    assert_eq!(c.lookup(REQ, 999.0), Lookup::Fresh(&ok));
    // Stale: the first reader refreshes, the others are served meanwhile without a ticket.
    let Lookup::Stale(a, Some(t)) = c.lookup(REQ, 1_000.0) else {
        panic!("expected a stale answer with a refresh ticket")
    };
    assert_eq!(a, ok);
    assert_eq!(c.lookup(REQ, 1_001.0), Lookup::Stale(&ok, None));
    // The refresh failed: the next stale reader tries again.
    assert!(!c.settle(t, None, 1_002.0));
    let Lookup::Stale(_, Some(t2)) = c.lookup(REQ, 1_003.0) else {
        panic!("expected a new refresh ticket")
    };
    assert!(c.settle(t2, Some(&answer("DISABLED", false, "")), 1_004.0));
    assert_eq!(
        c.lookup(REQ, 1_005.0),
        Lookup::Fresh(&answer("DISABLED", false, ""))
    );
    // Past fresh + stale, it is asked again.
    assert!(matches!(c.lookup(REQ, 1_004.0 + 3_000.0), Lookup::Lead(_)));
}

#[test]
fn not_found_is_kept_for_the_negative_ttl_only() {
    let mut c = VerifyCache::new(opts());
    let nf = answer("NOT_FOUND", false, "");
    assert!(fill(&mut c, REQ, &nf, 0.0));
    assert_eq!(c.lookup(REQ, 499.0), Lookup::Fresh(&nf));
    assert!(matches!(c.lookup(REQ, 500.0), Lookup::Lead(_)));
}

#[test]
fn keys_that_spend_are_remembered_and_passed_through() {
    for spends in [
        answer("VALID", true, r#","credits":5"#),
        answer(
            "VALID",
            true,
            r#","ratelimits":[{"name":"r","remaining":1}]"#,
        ),
        answer("USAGE_EXCEEDED", false, ""),
        answer("RATE_LIMITED", false, ""),
    ] {
        let mut c = VerifyCache::new(opts());
        assert!(!fill(&mut c, REQ, &spends, 0.0), "{spends}");
        // Neither cached nor coalesced while remembered; asked again after the TTL.
        assert_eq!(c.lookup(REQ, 10.0), Lookup::Pass, "{spends}");
        assert_eq!(c.lookup(REQ, 20.0), Lookup::Pass, "{spends}");
        assert!(matches!(c.lookup(REQ, 1_000.0), Lookup::Lead(_)));
    }
    // `credits: null` (no budget) and `ratelimits: []` spend nothing.
    let mut c = VerifyCache::new(opts());
    assert!(fill(
        &mut c,
        REQ,
        &answer("VALID", true, r#","credits":null,"ratelimits":[]"#),
        0.0
    ));
}

#[test]
fn garbled_or_unknown_answers_are_not_kept() {
    for bad in [
        answer("VALID", false, ""),
        answer("NOT_FOUND", true, ""),
        answer("SOMETHING_NEW", false, ""),
        r#"{"meta":{"requestId":"r"}}"#.to_string(),
        "<html>".to_string(),
    ] {
        let mut c = VerifyCache::new(opts());
        assert!(!fill(&mut c, REQ, &bad, 0.0), "{bad}");
        assert!(matches!(c.lookup(REQ, 1.0), Lookup::Lead(_)), "{bad}");
    }
}

#[test]
fn nothing_outlives_the_keys_expiry() {
    let mut c = VerifyCache::new(opts());
    let ok = answer("VALID", true, r#","expires":700"#);
    assert!(fill(&mut c, REQ, &ok, 0.0));
    assert_eq!(c.lookup(REQ, 699.0), Lookup::Fresh(&ok));
    assert!(matches!(c.lookup(REQ, 700.0), Lookup::Lead(_)));
    // Already expired when it arrived: not kept.
    let mut c = VerifyCache::new(opts());
    assert!(!fill(
        &mut c,
        REQ,
        &answer("VALID", true, r#","expires":5"#),
        10.0
    ));
}

#[test]
fn concurrent_misses_join_the_first_one() {
    let mut c = VerifyCache::new(opts());
    let Lookup::Lead(t) = c.lookup(REQ, 0.0) else {
        panic!("expected a lead")
    };
    assert_eq!(c.lookup(REQ, 1.0), Lookup::Join(t));
    assert_eq!(c.lookup(REQ, 2.0), Lookup::Join(t));
    // Another question about the same key is its own flight.
    let other = r#"{"key":"sk_secret_1"}"#;
    assert!(matches!(c.lookup(other, 2.0), Lookup::Lead(u) if u != t));
    let ok = answer("VALID", true, "");
    assert!(c.settle(t, Some(&ok), 3.0));
    assert_eq!(c.lookup(REQ, 4.0), Lookup::Fresh(&ok));
    // A ticket settles once.
    assert!(!c.settle(t, Some(&ok), 5.0));
}

#[test]
fn invalidation_by_key_or_key_id_and_of_answers_in_flight() {
    let ok = answer("VALID", true, "");
    let other = r#"{"key":"sk_other"}"#;
    let other_ok = ok.replace("key_1", "key_2");
    for by in ["sk_secret_1", "key_1"] {
        let mut c = VerifyCache::new(opts());
        assert!(fill(&mut c, REQ, &ok, 0.0));
        assert!(fill(&mut c, other, &other_ok, 0.0));
        c.invalidate(by);
        assert!(matches!(c.lookup(REQ, 1.0), Lookup::Lead(_)), "{by}");
        assert_eq!(c.lookup(other, 1.0), Lookup::Fresh(&other_ok), "{by}");
    }
    // An answer to a request sent before an invalidation is not kept.
    let mut c = VerifyCache::new(opts());
    let Lookup::Lead(t) = c.lookup(REQ, 0.0) else {
        panic!("expected a lead")
    };
    c.invalidate("key_1");
    assert!(!c.settle(t, Some(&ok), 1.0));
    assert!(matches!(c.lookup(REQ, 2.0), Lookup::Lead(_)));
}

#[test]
fn operations_invalidate_what_they_change() {
    let ok = answer("VALID", true, "");
    let other = r#"{"key":"sk_other"}"#;
    let other_ok = ok.replace("key_1", "key_2");
    let mut c = VerifyCache::new(opts());
    assert!(fill(&mut c, REQ, &ok, 0.0));
    assert!(fill(&mut c, other, &other_ok, 0.0));
    c.after(Effect::Keep, Some(r#"{"keyId":"key_1"}"#));
    assert_eq!(c.len(), 2);
    c.after(Effect::Key, Some(r#"{"keyId":"key_1","enabled":false}"#));
    assert_eq!(c.len(), 1);
    assert_eq!(c.lookup(other, 1.0), Lookup::Fresh(&other_ok));
    c.after(Effect::All, Some("{}"));
    assert!(c.is_empty());
    assert_eq!(c.bytes(), 0);
    // A key operation whose key id cannot be read drops everything.
    assert!(fill(&mut c, other, &other_ok, 2.0));
    c.after(Effect::Key, None);
    assert!(c.is_empty());
    // The table says what each operation does.
    use crate::ops;
    assert_eq!(ops::VERIFY_KEY.cache, Effect::Keep);
    assert_eq!(ops::UPDATE_KEY.cache, Effect::Key);
    assert_eq!(ops::DELETE_API.cache, Effect::All);
}

#[test]
fn memory_is_bounded_least_recently_used_first() {
    let mut c = VerifyCache::new(opts().max_entries(2));
    let req = |k: &str| format!(r#"{{"key":"{k}"}}"#);
    let ok = answer("VALID", true, "");
    assert!(fill(&mut c, &req("a"), &ok, 0.0));
    assert!(fill(&mut c, &req("b"), &ok, 0.0));
    assert_eq!(c.lookup(&req("a"), 1.0), Lookup::Fresh(&ok)); // a is now the newest
    assert!(fill(&mut c, &req("c"), &ok, 2.0));
    assert_eq!(c.len(), 2);
    assert_eq!(c.lookup(&req("a"), 3.0), Lookup::Fresh(&ok));
    assert!(matches!(c.lookup(&req("b"), 3.0), Lookup::Lead(_)));
    // Bytes: room for about two entries.
    let one = {
        let mut c = VerifyCache::new(opts());
        assert!(fill(&mut c, &req("a"), &ok, 0.0));
        c.bytes()
    };
    let mut c = VerifyCache::new(opts().max_bytes(2 * one + one / 2));
    for k in ["a", "b", "c", "d"] {
        assert!(fill(&mut c, &req(k), &ok, 0.0));
        assert!(c.bytes() <= 2 * one + one / 2);
    }
    assert_eq!(c.len(), 2);
    // An answer larger than the whole budget is not kept.
    let mut c = VerifyCache::new(opts().max_bytes(10));
    assert!(!fill(&mut c, &req("a"), &ok, 0.0));
    assert!(c.is_empty());
}

#[test]
fn the_policy_reads_answers_as_unkey_writes_them_and_keeps_nothing_it_cannot_read() {
    use crate::cache::{hex, keep, touched, Keep};
    let o = opts();
    let at = |extra: &str| keep(&o, &answer("VALID", true, extra), 100.0);
    assert_eq!(at(""), Keep::Until(1_100.0, 3_100.0, Some("key_1".into())));
    assert_eq!(at(r#","expires":null"#), at(""));
    assert_eq!(
        at(r#","expires":600"#),
        Keep::Until(600.0, 600.0, Some("key_1".into()))
    );
    // An expiry or key id it cannot read: not kept, rather than kept too long or unfindable.
    assert_eq!(at(r#","expires":1.5e3"#), Keep::No);
    assert_eq!(at(r#","expires":"600""#), Keep::No);
    assert_eq!(
        keep(
            &o,
            &answer("VALID", true, "").replace("key_1", "key\\u005f1"),
            100.0
        ),
        Keep::No
    );
    // No budget and no limits, written either way, spend nothing; anything else spends.
    assert!(matches!(
        at(r#","credits":null,"ratelimits":null"#),
        Keep::Until(..)
    ));
    assert_eq!(at(r#","ratelimits":[ ]"#), Keep::Spends);
    // `touched` reads the key id as sent.
    assert_eq!(
        touched(Effect::Key, Some(r#"{"keyId":"key_9"}"#)),
        Some(Some("key_9".into()))
    );
    assert_eq!(touched(Effect::Key, Some(r#"{"name":"x"}"#)), Some(None));
    assert_eq!(touched(Effect::All, None), Some(None));
    assert_eq!(touched(Effect::Keep, Some(r#"{"keyId":"key_9"}"#)), None);
    assert_eq!(hex(&[0x00, 0xab, 0x7f]), "00ab7f");
}
