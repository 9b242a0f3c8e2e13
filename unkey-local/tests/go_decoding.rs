//! A body read as upstream reads it: its OpenAPI validator (libopenapi-validator v0.13.4)
//! decodes the JSON into Go maps, so of a member given twice it sees the later one and a
//! member in another case is an extra member, allowed where the schema allows others; the
//! handler's `json.Unmarshal` (go1.25 encoding/json) then decodes the body into its request
//! struct (svc/api/openapi/gen.go), member by member in body order, matching field names
//! case-insensitively and decoding a repeated field into what the earlier one left. An integer
//! field reads its text with `strconv.ParseInt`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::Server;
use serde_json::{json, Value};

const BIND_FAILED: &str = "The request body is invalid. The request body was not valid JSON.";
const INVALID: &str = "unkey/application/invalid_input";

/// A call as the test root key with `body` sent as written.
fn raw(s: &Server, op: &str, body: &str) -> common::Resp {
    let auth = format!("Bearer {}", common::ROOT);
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    s.request("POST", &format!("/v2/{op}"), &h, body.as_bytes())
}

/// `data` of a raw call that must succeed.
fn raw_ok(s: &Server, op: &str, body: &str) -> Value {
    let r = raw(s, op, body);
    assert_eq!(
        r.status,
        200,
        "{op} {body}: {}",
        String::from_utf8_lossy(&r.body)
    );
    r.json()["data"].clone()
}

/// The identity of an external id.
fn identity(s: &Server, external_id: &str) -> common::Resp {
    s.call("identities.getIdentity", json!({"identity": external_id}))
}

/// `-0` is an integer to Go's `ParseInt` (0) and `-0.0` is not (the decoder's error); the
/// validator reads both as the rational 0 (`type: integer` passes, `minimum` compares 0 and
/// prints `got 0`). A `meta` is decoded into `any`, where `-0` is the float64 -0.
#[test]
fn an_integer_written_minus_zero_is_zero() {
    let s = Server::start(&[]);
    // An operation whose schema has no other members: `cost: -0` is a cost of 0.
    let limit = |cost: &str| {
        raw(
            &s,
            "ratelimit.limit",
            &format!(
                r#"{{"namespace":"ns","identifier":"u","limit":10,"duration":60000,"cost":{cost}}}"#
            ),
        )
    };
    let r = limit("-0");
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["data"]["remaining"], 10);
    assert_eq!(r.json()["data"]["success"], true);
    for float in ["-0.0", "-0e0", "-0.0e5"] {
        limit(float).assert_error(400, INVALID, BIND_FAILED);
    }
    // Below a minimum of 1, both are the validator's 0.
    for zero in ["-0", "-0.0"] {
        let r = raw(
            &s,
            "ratelimit.limit",
            &format!(r#"{{"namespace":"ns","identifier":"u","limit":{zero},"duration":60000}}"#),
        );
        r.assert_schema_error("ratelimit.limit");
        assert_eq!(
            r.json()["error"]["errors"],
            json!([{"location": "/properties/limit/minimum", "message": "minimum: got 0, want 1"}])
        );
    }
    // Where Go decodes a struct of its own (keys.createKey): the integers are 0, the `meta`
    // keeps -0 as Go writes the float64.
    let api = s.create_api();
    let d = raw_ok(
        &s,
        "keys.createKey",
        &format!(r#"{{"apiId":"{api}","credits":{{"remaining":-0}},"meta":{{"m":-0,"z":0}}}}"#),
    );
    let k = raw(
        &s,
        "keys.getKey",
        &format!(r#"{{"keyId":"{}"}}"#, d["keyId"].as_str().unwrap()),
    );
    let text = String::from_utf8_lossy(&k.body).into_owned();
    assert_eq!(k.status, 200, "{text}");
    assert!(text.contains(r#""meta":{"m":-0,"z":0}"#), "{text}");
    assert_eq!(k.json()["data"]["credits"]["remaining"], 0);
    raw(
        &s,
        "keys.createKey",
        &format!(r#"{{"apiId":"{api}","credits":{{"remaining":-0.0}}}}"#),
    )
    .assert_error(400, INVALID, BIND_FAILED);
    // keys.rerollKey's `expiration: -0` revokes the old key now, as 0 does.
    let (id, old) = s.create_key(json!({"apiId": api}));
    raw_ok(
        &s,
        "keys.rerollKey",
        &format!(r#"{{"keyId":"{id}","expiration":-0}}"#),
    );
    assert_eq!(s.verify(json!({"key": old}))["code"], "EXPIRED");
}

/// identities.createIdentity allows other members: one naming a field in another case
/// (ASCII case, `ſ` for `s`, the Kelvin sign for `k`) passes the validator and sets the field,
/// the later of the two winning; `null` leaves a string as it was and makes a pointer nil; a
/// map gains the later object's members.
#[test]
fn create_identity_members_in_another_case() {
    let s = Server::start(&[]);
    raw_ok(
        &s,
        "identities.createIdentity",
        r#"{"externalId":"first1","EXTERNALID":"later1"}"#,
    );
    assert_eq!(identity(&s, "later1").status, 200);
    assert_eq!(identity(&s, "first1").status, 404);
    raw_ok(
        &s,
        "identities.createIdentity",
        r#"{"ExternalID":"first2","externalId":"later2"}"#,
    );
    assert_eq!(identity(&s, "later2").status, 200);
    assert_eq!(identity(&s, "first2").status, 404);
    // Go's folding: `ſ` is `S` (the Kelvin sign, `K`, below); a Turkish dotted `İ` is no `I`.
    raw_ok(
        &s,
        "identities.createIdentity",
        "{\"externalId\":\"folded\",\"ratelimit\u{17f}\":[{\"name\":\"per_sec\",\"limit\":5,\"duration\":1000,\"autoApply\":true}],\"external\u{130}d\":\"dotted\"}",
    );
    let d = identity(&s, "folded").json()["data"].clone();
    assert_eq!(d["ratelimits"][0]["name"], "per_sec");
    assert_eq!(d["ratelimits"][0]["limit"], 5);
    assert_eq!(identity(&s, "dotted").status, 404);
    // null into a string keeps it; into the meta pointer, clears it; maps are merged.
    raw_ok(
        &s,
        "identities.createIdentity",
        r#"{"externalId":"kept","EXTERNALID":null,"meta":{"a":1},"Meta":{"b":2}}"#,
    );
    assert_eq!(
        identity(&s, "kept").json()["data"]["meta"],
        json!({"a": 1, "b": 2})
    );
    raw_ok(
        &s,
        "identities.createIdentity",
        r#"{"externalId":"cleared","meta":{"a":1},"META":null}"#,
    );
    let d = identity(&s, "cleared").json()["data"].clone();
    assert!(d["meta"].as_object().is_none_or(|m| m.is_empty()), "{d}");
    // The validator checks the member of the exact name only: its failure comes first.
    raw(
        &s,
        "identities.createIdentity",
        r#"{"externalId":"","EXTERNALID":"fine"}"#,
    )
    .assert_schema_error("identities.createIdentity");
    // A type Go's decoder refuses is its error, after the validator passed.
    raw(
        &s,
        "identities.createIdentity",
        r#"{"externalId":"typed","EXTERNALID":5}"#,
    )
    .assert_error(400, INVALID, BIND_FAILED);
    assert_eq!(identity(&s, "typed").status, 404);
    // A value the schema refuses, which upstream's validator never sees, is what upstream's
    // handler inserts (`unvalidated_values_are_taken_as_upstream_takes` goes on).
    let d = raw_ok(
        &s,
        "identities.createIdentity",
        r#"{"externalId":"valid","EXTERNALID":""}"#,
    );
    assert_eq!(identity(&s, "valid").status, 404);
    let id = d["identityId"].as_str().unwrap();
    assert_eq!(identity(&s, id).json()["data"]["externalId"], "");
}

/// `RatelimitRequest` allows other members (keys.createKey's items): `LIMIT` after `limit`
/// sets the limit; keys.rerollKey's `KEYID` (here with a Kelvin sign) names the key rerolled;
/// the analytics `QUERY` the query run; keys.verifyKey's `COST` a rate limit's cost.
#[test]
fn struct_fields_in_another_case_elsewhere() {
    let s = Server::start(&["--test-clock", "--analytics"]);
    let api = s.create_api();
    let d = raw_ok(
        &s,
        "keys.createKey",
        &format!(
            r#"{{"apiId":"{api}","ratelimits":[{{"name":"calls","limit":5,"duration":1000,"autoApply":true,"LIMIT":7,"AutoApply":false}}]}}"#
        ),
    );
    let id = d["keyId"].as_str().unwrap().to_string();
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(k["ratelimits"][0]["limit"], 7, "{k}");
    assert_eq!(k["ratelimits"][0]["autoApply"], false, "{k}");

    let (first, first_key) = s.create_key(json!({"apiId": api}));
    let (second, second_key) = s.create_key(json!({"apiId": api}));
    raw_ok(
        &s,
        "keys.rerollKey",
        &format!("{{\"keyId\":\"{first}\",\"expiration\":0,\"\u{212A}EYID\":\"{second}\"}}"),
    );
    assert_eq!(s.verify(json!({"key": first_key}))["code"], "VALID");
    assert_eq!(s.verify(json!({"key": second_key}))["code"], "EXPIRED");

    // keys.verifyKey's rate-limit items: `COST` sets the cost; one the schema refuses (a
    // negative cost, which upstream's validator never sees) fails upstream's limiter, and the
    // verification goes on without its limits.
    let (_, key) = s.create_key(json!({"apiId": api,
        "ratelimits": [{"name": "calls", "limit": 3, "duration": 60000, "autoApply": false}]}));
    let verify = |cost: &str| {
        raw(
            &s,
            "keys.verifyKey",
            &format!(
                r#"{{"key":"{key}","ratelimits":[{{"name":"calls","cost":1,"COST":{cost}}}]}}"#
            ),
        )
    };
    let r = verify("3");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["data"]["code"], "VALID");
    assert_eq!(
        r.json()["data"]["ratelimits"][0]["remaining"],
        0,
        "{}",
        r.json()
    );
    let r = verify("-5");
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["data"]["code"], "VALID");
    assert!(r.json()["data"].get("ratelimits").is_none(), "{}", r.json());

    let d = raw_ok(
        &s,
        "analytics.getVerifications",
        r#"{"query":"SELECT count() AS c FROM key_verifications_v1 WHERE key_id = 'none'",
            "QUERY":"SELECT count() + 5 AS c FROM key_verifications_v1 WHERE key_id = 'none'"}"#,
    );
    assert_eq!(d, json!([{"c": 5}]));
}

/// A member given twice: the validator checks the later one; Go decodes both into the same
/// field, so an object (a pointer to a struct) keeps what the earlier set and the later does
/// not, and a `nullable.Nullable` field (keys.updateKey's `credits`) is replaced whole.
#[test]
fn a_member_given_twice() {
    let s = Server::start(&[]);
    let api = s.create_api();
    raw_ok(
        &s,
        "identities.createIdentity",
        r#"{"externalId":"one","externalId":"two"}"#,
    );
    assert_eq!(identity(&s, "two").status, 200);
    assert_eq!(identity(&s, "one").status, 404);
    let d = raw_ok(
        &s,
        "keys.createKey",
        &format!(
            r#"{{"apiId":"{api}","credits":{{"remaining":5,"refill":{{"interval":"daily","amount":10}}}},"credits":{{"remaining":7}}}}"#
        ),
    );
    let id = d["keyId"].as_str().unwrap().to_string();
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(k["credits"]["remaining"], 7, "{k}");
    assert_eq!(k["credits"]["refill"]["amount"], 10, "{k}");
    // The earlier one is not validated, only decoded: a bad type there is Go's error.
    raw(
        &s,
        "keys.createKey",
        &format!(
            r#"{{"apiId":"{api}","credits":{{"remaining":"x"}},"credits":{{"remaining":7}}}}"#
        ),
    )
    .assert_error(400, INVALID, BIND_FAILED);
    // A slice given three times, long, short, long: the third's second item is decoded over
    // the first's, which the shortened slice's array still holds (its `autoApply` stays).
    raw_ok(
        &s,
        "identities.createIdentity",
        r#"{"externalId":"thrice",
            "ratelimits":[{"name":"aaa","limit":1,"duration":1000,"autoApply":true},
                {"name":"bbb","limit":2,"duration":1000,"autoApply":true}],
            "RATELIMITS":[{"name":"ccc","limit":3,"duration":1000,"autoApply":false}],
            "Ratelimits":[{"name":"ddd","limit":4,"duration":1000},
                {"name":"eee","limit":5,"duration":2000}]}"#,
    );
    let d = identity(&s, "thrice").json()["data"].clone();
    let limits: Vec<_> = d["ratelimits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].clone(),
                r["limit"].clone(),
                r["autoApply"].clone(),
            )
        })
        .collect();
    assert_eq!(
        limits,
        [
            (json!("ddd"), json!(4), json!(false)),
            (json!("eee"), json!(5), json!(true))
        ],
        "{d}"
    );
    raw_ok(
        &s,
        "keys.updateKey",
        &format!(
            r#"{{"keyId":"{id}","credits":{{"remaining":1,"refill":{{"interval":"daily","amount":3}}}},"credits":{{"remaining":2}}}}"#
        ),
    );
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(k["credits"]["remaining"], 2, "{k}");
    assert_eq!(k["credits"]["refill"]["amount"], 10, "{k}");
}

/// A value the schema refuses, set by a member in another case or given twice, reaches
/// upstream's handler unchecked; each is answered as that handler answers it: strings of any
/// length and characters stored up to their `varchar(256)` column (past it the insert's 500),
/// a rate limit's limit or window below the minimum stored and skipped by the verification
/// (as its limiter refuses them, as a negative cost or an empty name), a `meta` of more than
/// 100 members stored, a reroll's `expiration` outside the schema's range used as it is and a
/// `keyId` of any form looked up.
#[test]
fn unvalidated_values_are_taken_as_upstream_takes() {
    let s = Server::start(&[]);
    let api = s.create_api();
    // External ids: any characters, up to 256 of them; one more fails the insert.
    raw_ok(
        &s,
        "identities.createIdentity",
        r#"{"externalId":"spaced","EXTERNALID":"has space/é"}"#,
    );
    assert_eq!(identity(&s, "has space/é").status, 200);
    let long = "x".repeat(256);
    raw_ok(
        &s,
        "identities.createIdentity",
        &format!(r#"{{"externalId":"long","ExternalId":"{long}"}}"#),
    );
    assert_eq!(identity(&s, &long).status, 200);
    raw(
        &s,
        "identities.createIdentity",
        &format!(r#"{{"externalId":"longer","ExternalId":"{long}y"}}"#),
    )
    .assert_error(
        500,
        "unkey/application/unexpected_error",
        "We're unable to create the identity and its ratelimits.",
    );
    assert_eq!(identity(&s, &format!("{long}y")).status, 404);
    assert_eq!(identity(&s, "longer").status, 404);
    // So does a rate limit's name, inserted after the identity in its transaction.
    raw(
        &s,
        "identities.createIdentity",
        &format!(
            r#"{{"externalId":"named","ratelimits":[{{"name":"abc","limit":1,"duration":1000,"autoApply":true,"NAME":"{long}y"}}]}}"#
        ),
    )
    .assert_error(
        500,
        "unkey/application/unexpected_error",
        "We're unable to create a ratelimit for the identity.",
    );
    assert_eq!(identity(&s, "named").status, 404);
    s.ok("identities.createIdentity", json!({"externalId": "plain"}));
    raw(
        &s,
        "identities.createIdentity",
        &format!(
            r#"{{"externalId":"plain","ratelimits":[{{"name":"abc","limit":1,"duration":1000,"autoApply":true,"NAME":"{long}y"}}]}}"#
        ),
    )
    .assert_error(
        409,
        "unkey/data/identity_already_exists",
        "Identity with externalId 'plain' already exists in this workspace.",
    );

    // A rate limit of 0 and a window under 1 s are stored; a verification applying either
    // goes on without limits. A name of two characters is an ordinary limit.
    raw_ok(
        &s,
        "identities.createIdentity",
        r#"{"externalId":"zero","ratelimits":[
            {"name":"none","limit":5,"duration":60000,"autoApply":true,"LIMIT":0},
            {"name":"fast","limit":5,"duration":60000,"autoApply":false,"DURATION":10}]}"#,
    );
    let d = identity(&s, "zero").json()["data"].clone();
    let limits: Vec<_> = d["ratelimits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].clone(), r["limit"].clone(), r["duration"].clone()))
        .collect();
    assert_eq!(
        limits,
        [
            (json!("none"), json!(0), json!(60000)),
            (json!("fast"), json!(5), json!(10))
        ],
        "{d}"
    );
    let (_, key) = s.create_key(json!({"apiId": api, "externalId": "zero"}));
    for _ in 0..2 {
        let v = s.verify(json!({"key": key, "ratelimits": [{"name": "fast"}]}));
        assert_eq!(v["code"], "VALID", "{v}");
        assert!(v.get("ratelimits").is_none(), "{v}");
    }
    let d = raw_ok(
        &s,
        "keys.createKey",
        &format!(
            r#"{{"apiId":"{api}","ratelimits":[{{"name":"abc","limit":1,"duration":60000,"autoApply":true,"NAME":"ab"}}]}}"#
        ),
    );
    let key = d["key"].as_str().unwrap().to_string();
    assert_eq!(s.verify(json!({"key": key}))["code"], "VALID");
    let v = s.verify(json!({"key": key}));
    assert_eq!(v["code"], "RATE_LIMITED", "{v}");
    assert_eq!(v["ratelimits"][0]["name"], "ab", "{v}");
    // keys.updateKey: an empty name is stored, and its limiter's refusal skips the limits.
    let id = d["keyId"].as_str().unwrap().to_string();
    raw_ok(
        &s,
        "keys.updateKey",
        &format!(
            r#"{{"keyId":"{id}","ratelimits":[{{"name":"abc","limit":1,"duration":60000,"autoApply":true,"Name":""}}]}}"#
        ),
    );
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(k["ratelimits"][0]["name"], "", "{k}");
    let v = s.verify(json!({"key": key}));
    assert_eq!(v["code"], "VALID", "{v}");
    assert!(v.get("ratelimits").is_none(), "{v}");
    // identities.updateIdentity: a limit of 0 replaces the old one.
    raw_ok(
        &s,
        "identities.updateIdentity",
        r#"{"identity":"has space/é","ratelimits":[{"name":"cap","limit":2,"duration":1000,"autoApply":true,"limit":2,"Limit":0}]}"#,
    );
    let d = identity(&s, "has space/é").json()["data"].clone();
    assert_eq!(d["ratelimits"][0]["limit"], 0, "{d}");

    // A meta merged from two members past the schema's 100.
    let half = |from: usize| {
        (from..from + 60)
            .map(|i| format!(r#""m{i}":{i}"#))
            .collect::<Vec<_>>()
            .join(",")
    };
    raw_ok(
        &s,
        "identities.createIdentity",
        &format!(
            r#"{{"externalId":"wide","meta":{{{}}},"META":{{{}}}}}"#,
            half(0),
            half(60)
        ),
    );
    let d = identity(&s, "wide").json()["data"].clone();
    assert_eq!(d["meta"].as_object().unwrap().len(), 120, "{d}");

    // keys.verifyKey: an ad-hoc limit of a one-character name applies; a limit of 0 skips.
    let (_, key) = s.create_key(json!({"apiId": api}));
    let adhoc = |extra: &str| {
        raw(
            &s,
            "keys.verifyKey",
            &format!(
                r#"{{"key":"{key}","ratelimits":[{{"name":"adhoc","limit":1,"duration":60000,{extra}}}]}}"#
            ),
        )
        .json()["data"]
            .clone()
    };
    assert_eq!(adhoc(r#""NAME":"x""#)["code"], "VALID");
    let v = adhoc(r#""NAME":"x""#);
    assert_eq!(v["code"], "RATE_LIMITED", "{v}");
    let v = adhoc(r#""NAME":"x","LIMIT":0"#);
    assert_eq!(v["code"], "VALID", "{v}");
    assert!(v.get("ratelimits").is_none(), "{v}");

    // keys.rerollKey: a negative expiration expires the old key in the past, one past the
    // schema's year 2100 after it; a keyId of any form is looked up (none has it: 404).
    let (first, first_key) = s.create_key(json!({"apiId": api}));
    raw_ok(
        &s,
        "keys.rerollKey",
        &format!(r#"{{"keyId":"{first}","expiration":0,"EXPIRATION":-120000}}"#),
    );
    assert_eq!(s.verify(json!({"key": first_key}))["code"], "EXPIRED");
    let (second, _) = s.create_key(json!({"apiId": api}));
    raw_ok(
        &s,
        "keys.rerollKey",
        &format!(r#"{{"keyId":"{second}","expiration":0,"Expiration":5000000000000}}"#),
    );
    let k = s.ok("keys.getKey", json!({"keyId": second}));
    assert!(k["expires"].as_i64().unwrap() > 5_000_000_000_000, "{k}");
    raw(
        &s,
        "keys.rerollKey",
        &format!(r#"{{"keyId":"{second}","expiration":0,"KeyId":"k"}}"#),
    )
    .assert_error(
        404,
        "unkey/data/key_not_found",
        "The specified key was not found.",
    );

    // Past Go's Duration (2^63 ns, about 292 years) the product wraps round: 10^13 ms is
    // 10^19 ns, -8,446,744,073.709551616 s, so the old key expired some 268 years ago.
    let (third, third_key) = s.create_key(json!({"apiId": api}));
    raw_ok(
        &s,
        "keys.rerollKey",
        &format!(r#"{{"keyId":"{third}","expiration":0,"EXPIRATION":10000000000000}}"#),
    );
    assert_eq!(s.verify(json!({"key": third_key}))["code"], "EXPIRED");
    let k = s.ok("keys.getKey", json!({"keyId": third}));
    let expires = k["expires"].as_i64().unwrap();
    assert!(expires < -6_000_000_000_000, "{k}");
}

/// keys.createKey's refill given twice: the earlier's members the later lacks are decoded
/// into the same struct unchecked. An interval other than `monthly` stores no refill day (every
/// read says `daily`), a day of 0 is Go's none (a monthly refill without one is the handler's
/// 400), an amount of 0 is stored, another day as Go's `int16` of it.
#[test]
fn a_refill_given_twice_is_read_as_upstream_reads_it() {
    let s = Server::start(&["--test-clock"]);
    let api = s.create_api();
    // The later `credits` has no refill: the earlier's stays, unchecked.
    let create = |refill: &str| {
        raw(
            &s,
            "keys.createKey",
            &format!(
                r#"{{"apiId":"{api}","credits":{{"remaining":5,"refill":{refill}}},"credits":{{"remaining":5}}}}"#
            ),
        )
    };
    let r = create(r#"{"interval":"weekly","amount":0,"refillDay":0}"#);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let id = r.json()["data"]["keyId"].as_str().unwrap().to_string();
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(
        k["credits"]["refill"],
        json!({"interval": "daily", "amount": 0}),
        "{k}"
    );
    create(r#"{"interval":"monthly","amount":5,"refillDay":0}"#).assert_error(
        400,
        INVALID,
        "`refillDay` must be provided when the refill interval is `monthly`.",
    );
    // A refill given twice in one `credits`: the later's interval with the earlier's day.
    let r = raw(
        &s,
        "keys.createKey",
        &format!(
            r#"{{"apiId":"{api}","credits":{{"remaining":5,"refill":{{"interval":"monthly","amount":2,"refillDay":0}},"refill":{{"interval":"daily","amount":3}}}}}}"#
        ),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    // Another day is stored as Go's int16 of it, within the tinyint column (else the key's
    // insert fails): past 31 it refills on each month's last day, below 1 never.
    create(r#"{"interval":"monthly","amount":5,"refillDay":200}"#).assert_error(
        500,
        "unkey/application/service_unavailable",
        "Failed to create key.",
    );
    let monthly = |day: i64| {
        let r = raw(
            &s,
            "keys.createKey",
            &format!(
                r#"{{"apiId":"{api}","credits":{{"remaining":0,"refill":{{"interval":"monthly","amount":5,"refillDay":{day}}}}},"credits":{{"remaining":0}}}}"#
            ),
        );
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let d = r.json()["data"].clone();
        let id = d["keyId"].as_str().unwrap().to_string();
        let refill = s.ok("keys.getKey", json!({"keyId": id}))["credits"]["refill"].clone();
        (d["key"].as_str().unwrap().to_string(), refill)
    };
    let (last_day, refill) = monthly(65_536 + 40);
    assert_eq!(
        refill,
        json!({"interval": "monthly", "amount": 5, "refillDay": 40})
    );
    let (never, refill) = monthly(-3);
    assert_eq!(refill["refillDay"], -3);
    s.advance(62 * 86_400_000);
    assert_eq!(s.verify(json!({"key": last_day}))["code"], "VALID");
    assert_eq!(s.verify(json!({"key": never}))["code"], "USAGE_EXCEEDED");
}

/// portal.rerollKey reads its body as keys.rerollKey does: a negative `EXPIRATION` after
/// `expiration` expires the old key in the past.
#[test]
fn portal_reroll_takes_a_negative_expiration() {
    let s = Server::start(&["--dashboard"]);
    let api = s.create_api();
    let r = s.request(
        "POST",
        "/_local/dashboard/portal",
        &[],
        json!({"slug": "keys-portal", "apiId": api})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let (id, key) = s.create_key(json!({"apiId": api, "externalId": "user_a"}));
    let session =
        json!({"portal": "keys-portal", "externalId": "user_a", "scopes": ["keys:reroll"]});
    let url = s.ok("portal.createSession", session)["url"]
        .as_str()
        .unwrap()
        .to_string();
    let code = url.split_once("?code=").unwrap().1;
    let token = s
        .post_as("/v2/portal.exchangeCode", None, &json!({"code": code}))
        .data()["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let cookie = format!("portal_session={token}");
    let r = s.request(
        "POST",
        "/v2/portal.rerollKey",
        &[("Content-Type", "application/json"), ("Cookie", &cookie)],
        format!(r#"{{"keyId":"{id}","expiration":0,"EXPIRATION":-120000}}"#).as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(s.verify(json!({"key": key}))["code"], "EXPIRED");
}

/// A value a column refuses fails the handler's insert, with that insert's answer: a key's
/// rate-limit name past 256 characters, a negative credit count or refill amount
/// (`bigint unsigned`); nothing is stored.
#[test]
fn a_value_its_column_refuses_fails_the_insert() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let long = "n".repeat(257);
    let refused = "unkey/application/service_unavailable";
    let item =
        format!(r#"{{"name":"abc","limit":1,"duration":1000,"autoApply":true,"NAME":"{long}"}}"#);
    raw(
        &s,
        "keys.createKey",
        &format!(r#"{{"apiId":"{api}","externalId":"made","ratelimits":[{item}]}}"#),
    )
    .assert_error(500, refused, "Failed to create rate limit.");
    assert_eq!(identity(&s, "made").status, 404);
    raw(
        &s,
        "keys.createKey",
        &format!(
            r#"{{"apiId":"{api}","credits":{{"remaining":5,"refill":{{"interval":"daily","amount":-1}}}},"credits":{{"remaining":5}}}}"#
        ),
    )
    .assert_error(500, refused, "Failed to create key.");
    let (id, _) = s.create_key(json!({"apiId": api}));
    raw(
        &s,
        "keys.updateKey",
        &format!(r#"{{"keyId":"{id}","ratelimits":[{item}]}}"#),
    )
    .assert_error(500, refused, "Failed to update rate limits.");
    assert!(s
        .ok("keys.getKey", json!({"keyId": id}))
        .get("ratelimits")
        .is_none());
    s.ok("identities.createIdentity", json!({"externalId": "idn"}));
    raw(
        &s,
        "identities.updateIdentity",
        &format!(r#"{{"identity":"idn","ratelimits":[{item}]}}"#),
    )
    .assert_error(500, refused, "Failed to insert ratelimits");
    // keys.migrateKeys: a `keys` array given twice, its earlier item's credits kept.
    let hash = "CptSN3vQ0shZLIsdT5c/tlpeFK/qqxY0R/aQNCfKhWs=";
    let migrate = |credits: &str| {
        raw(
            &s,
            "keys.migrateKeys",
            &format!(
                r#"{{"migrationId":"mig_1","apiId":"{api}","keys":[{{"hash":"{hash}","credits":{credits}}}],"keys":[{{"hash":"{hash}"}}]}}"#
            ),
        )
    };
    migrate(r#"{"remaining":-1}"#).assert_error(500, "unkey/application/unexpected_error", "");
    assert_eq!(
        s.verify(json!({"key": "MVgWNsyPmv6VthC9moCNAPwS"}))["code"],
        "NOT_FOUND"
    );
    let r = migrate(r#"{"remaining":0,"refill":{"interval":"weekly","amount":0}}"#);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let v = s.verify(json!({"key": "MVgWNsyPmv6VthC9moCNAPwS"}));
    assert_eq!(v["code"], "USAGE_EXCEEDED", "{v}");
}

/// keys.migrateKeys: a `keys` array given twice decodes the later's items over the earlier's,
/// whose members the later lacks are inserted unchecked: an empty name (none), an expiry
/// before 1970, an empty external id, roles and permissions of any form, more than 50 rate
/// limits; a name past its column fails the insert, as an external id, role or permission
/// past its column does even for a key whose hash is taken.
#[test]
fn migrate_keys_items_decoded_over_earlier_items() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let hash = "CptSN3vQ0shZLIsdT5c/tlpeFK/qqxY0R/aQNCfKhWs=";
    let migrate = |earlier: &str, later: &str| {
        raw(
            &s,
            "keys.migrateKeys",
            &format!(
                r#"{{"migrationId":"mig_1","apiId":"{api}","keys":[{earlier}],"keys":[{later}]}}"#
            ),
        )
    };
    let long = "n".repeat(257);
    migrate(
        &format!(r#"{{"hash":"{hash}","name":"{long}"}}"#),
        &format!(r#"{{"hash":"{hash}"}}"#),
    )
    .assert_error(500, "unkey/application/unexpected_error", "");
    let r = migrate(
        &format!(r#"{{"hash":"{hash}","name":"","expires":-1000,"externalId":""}}"#),
        &format!(r#"{{"hash":"{hash}"}}"#),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let v = s.verify(json!({"key": "MVgWNsyPmv6VthC9moCNAPwS"}));
    assert_eq!(v["code"], "EXPIRED", "{v}");
    assert!(v.get("name").is_none(), "{v}");
    assert_eq!(v["identity"]["externalId"], "", "{v}");
    // An external id past its column, of a key whose hash is taken.
    migrate(
        &format!(r#"{{"hash":"{hash}","externalId":"{long}"}}"#),
        &format!(r#"{{"hash":"{hash}"}}"#),
    )
    .assert_error(500, "unkey/application/unexpected_error", "");
    // Roles and permissions of any form are found or created, past their columns (512 and
    // 128 characters) the transaction's 500.
    let r = migrate(
        r#"{"hash":"abc","roles":["","a role"],"permissions":["a b",""]}"#,
        r#"{"hash":"abc"}"#,
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let id = r.json()["data"]["migrated"][0]["keyId"]
        .as_str()
        .unwrap()
        .to_string();
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    let mut roles: Vec<_> = k["roles"].as_array().unwrap().to_vec();
    roles.sort_by_key(|r| r.to_string());
    assert_eq!(roles, [json!(""), json!("a role")], "{k}");
    let mut perms: Vec<_> = k["permissions"].as_array().unwrap().to_vec();
    perms.sort_by_key(|p| p.to_string());
    assert_eq!(perms, [json!(""), json!("a b")], "{k}");
    for (list, name) in [("roles", "r".repeat(513)), ("permissions", "p".repeat(129))] {
        migrate(
            &format!(r#"{{"hash":"abcd","{list}":["{name}"]}}"#),
            r#"{"hash":"abcd"}"#,
        )
        .assert_error(500, "unkey/application/unexpected_error", "");
    }
    // Rate limits past the schema's 50 are inserted, all of them.
    let limits: Vec<String> = (0..51)
        .map(|i| format!(r#"{{"name":"l{i:03}","limit":1,"duration":1000,"autoApply":false}}"#))
        .collect();
    let r = migrate(
        &format!(r#"{{"hash":"many","ratelimits":[{}]}}"#, limits.join(",")),
        r#"{"hash":"many"}"#,
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let id = r.json()["data"]["migrated"][0]["keyId"]
        .as_str()
        .unwrap()
        .to_string();
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(k["ratelimits"].as_array().unwrap().len(), 51, "{k}");
}

/// A temporary `--data` file, removed (with its WAL files) on drop.
struct DataFile(String);

impl DataFile {
    fn new(name: &str) -> DataFile {
        let path = std::env::temp_dir().join(format!("unkey-local-{name}-{}", std::process::id()));
        let file = DataFile(path.to_string_lossy().into_owned());
        file.remove();
        file
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0));
        }
    }
}

impl Drop for DataFile {
    fn drop(&mut self) {
        self.remove();
    }
}

/// Upstream's 500 when its verification cannot load the key.
fn load_failed(r: &common::Resp) {
    r.assert_error(
        500,
        "unkey/application/unexpected_error",
        "We could not load the requested key.",
    );
}

/// The limit and duration of each rate limit of `v` (a key's or an identity's `ratelimits`).
fn limits_of(v: &Value) -> Vec<(i64, i64)> {
    v.as_array()
        .unwrap_or_else(|| panic!("no ratelimits: {v}"))
        .iter()
        .map(|r| {
            (
                r["limit"].as_i64().unwrap(),
                r["duration"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// A negative limit or window reaches upstream's handlers through a decoded body, and they
/// store Go's `uint64` of it in the `bigint unsigned` column; every read scans it as a `uint64`
/// and answers its `int64`, so each answer shows the value given, down to -2^63.
#[test]
fn a_negative_rate_limit_is_stored_and_read_back_as_given() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let d = raw_ok(
        &s,
        "keys.createKey",
        &format!(
            r#"{{"apiId":"{api}","ratelimits":[{{"name":"neg","limit":1,"duration":60000,"autoApply":false,"LIMIT":-5}}]}}"#
        ),
    );
    let id = d["keyId"].as_str().unwrap().to_string();
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(limits_of(&k["ratelimits"]), [(-5, 60000)], "{k}");
    let listed = s.ok("apis.listKeys", json!({"apiId": api}));
    assert_eq!(
        limits_of(&listed[0]["ratelimits"]),
        [(-5, 60000)],
        "{listed}"
    );
    raw_ok(
        &s,
        "keys.updateKey",
        &format!(
            r#"{{"keyId":"{id}","ratelimits":[{{"name":"neg","limit":1,"duration":60000,"autoApply":false,"Duration":-60000}}]}}"#
        ),
    );
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(limits_of(&k["ratelimits"]), [(1, -60000)], "{k}");

    raw_ok(
        &s,
        "identities.createIdentity",
        r#"{"externalId":"negative","ratelimits":[{"name":"win","limit":3,"duration":1000,"autoApply":true,"DURATION":-1}]}"#,
    );
    let d = identity(&s, "negative").json()["data"].clone();
    assert_eq!(limits_of(&d["ratelimits"]), [(3, -1)], "{d}");
    let page = s.ok("identities.listIdentities", json!({}));
    let listed = page
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["externalId"] == "negative")
        .unwrap_or_else(|| panic!("not listed: {page}"));
    assert_eq!(limits_of(&listed["ratelimits"]), [(3, -1)], "{page}");
    // updateIdentity answers what it wrote, as does every later read.
    let d = raw_ok(
        &s,
        "identities.updateIdentity",
        r#"{"identity":"negative","ratelimits":[{"name":"win","limit":3,"duration":1000,"autoApply":true,"Limit":-9223372036854775808}]}"#,
    );
    assert_eq!(limits_of(&d["ratelimits"]), [(i64::MIN, 1000)], "{d}");
    let d = identity(&s, "negative").json()["data"].clone();
    assert_eq!(limits_of(&d["ratelimits"]), [(i64::MIN, 1000)], "{d}");
}

/// A rate limit written as an earlier item of a decoded body, whose `LIMIT` another case sets.
const NEGATIVE: &str = r#"{"name":"neg","limit":1,"duration":60000,"autoApply":false,"LIMIT":-1}"#;

/// A key of `api` with the rate limit [`NEGATIVE`]; returns (keyId, key).
fn key_with_negative_limit(s: &Server, api: &str) -> (String, String) {
    let d = raw_ok(
        s,
        "keys.createKey",
        &format!(r#"{{"apiId":"{api}","ratelimits":[{NEGATIVE}]}}"#),
    );
    (
        d["keyId"].as_str().unwrap().to_string(),
        d["key"].as_str().unwrap().to_string(),
    )
}

/// keys.verifyKey as the test root key.
fn verify_raw(s: &Server, key: &str) -> common::Resp {
    s.call("keys.verifyKey", json!({"key": key}))
}

/// Upstream's verification loads a key with its own and its identity's rate limits, decoded
/// into Go `int`s: a stored negative one (2^64 - |n| in its column) fails that load, every
/// time, first thing in the handler: before the root key's permission to verify (which
/// answers `NOT_FOUND` for a key it may not verify) and before the key's state.
#[test]
fn a_key_with_a_negative_rate_limit_cannot_be_loaded_for_verification() {
    let s = Server::start(&["--root-key", "no_verify=identity.*.read_identity"]);
    let api = s.create_api();
    let (id, key) = key_with_negative_limit(&s, &api);
    load_failed(&verify_raw(&s, &key));
    load_failed(&verify_raw(&s, &key));
    let (_, plain) = s.create_key(json!({"apiId": api}));
    let as_no_verify = |key: &str| {
        s.post_as(
            "/v2/keys.verifyKey",
            Some("no_verify"),
            &json!({"key": key}),
        )
    };
    assert_eq!(as_no_verify(&plain).data()["code"], "NOT_FOUND");
    load_failed(&as_no_verify(&key));
    s.ok("keys.updateKey", json!({"keyId": id, "enabled": false}));
    load_failed(&verify_raw(&s, &key));
}

/// The load fails for every key whose verification reads such a row: a key of an identity
/// with one (while the identity lives), a rerolled key (the reroll copies the key's limits),
/// a key migrated with one (an earlier `keys` array's item, decoded under the later one).
#[test]
fn every_key_using_a_negative_rate_limit_cannot_be_loaded() {
    let s = Server::start(&[]);
    let api = s.create_api();
    raw_ok(
        &s,
        "identities.createIdentity",
        r#"{"externalId":"shared","ratelimits":[{"name":"win","limit":3,"duration":1000,"autoApply":true,"Duration":-1000}]}"#,
    );
    let (_, of_identity) = s.create_key(json!({"apiId": api, "externalId": "shared"}));
    load_failed(&verify_raw(&s, &of_identity));
    s.ok("identities.deleteIdentity", json!({"identity": "shared"}));
    assert_eq!(s.verify(json!({"key": of_identity}))["code"], "VALID");

    let (id, _) = key_with_negative_limit(&s, &api);
    let rerolled = s.ok(
        "keys.rerollKey",
        json!({"keyId": id, "expiration": 86_400_000}),
    );
    load_failed(&verify_raw(&s, rerolled["key"].as_str().unwrap()));

    let hash = "CptSN3vQ0shZLIsdT5c/tlpeFK/qqxY0R/aQNCfKhWs=";
    raw_ok(
        &s,
        "keys.migrateKeys",
        &format!(
            r#"{{"migrationId":"mig_1","apiId":"{api}","keys":[{{"hash":"{hash}","ratelimits":[{NEGATIVE}]}}],"keys":[{{"hash":"{hash}"}}]}}"#
        ),
    );
    load_failed(&verify_raw(&s, "MVgWNsyPmv6VthC9moCNAPwS"));
}

/// The stored rows outlive a restart on the same `--data` file, and so does the failed load;
/// a positive limit written over the negative one makes the key verify again.
#[test]
fn a_negative_rate_limit_outlives_a_restart() {
    let data = DataFile::new("negative-limit");
    let s = Server::start(&["--data", &data.0]);
    let api = s.create_api();
    let (id, key) = key_with_negative_limit(&s, &api);
    load_failed(&verify_raw(&s, &key));
    drop(s);

    let s = Server::start(&["--data", &data.0]);
    load_failed(&verify_raw(&s, &key));
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(limits_of(&k["ratelimits"]), [(-1, 60000)], "{k}");
    s.ok(
        "keys.updateKey",
        json!({"keyId": id, "ratelimits": [
            {"name": "neg", "limit": 1, "duration": 60000, "autoApply": false}]}),
    );
    assert_eq!(s.verify(json!({"key": key}))["code"], "VALID");
}

/// Upstream's verification loads a key by its hash before it compares the key's workspace
/// with the root key's: a key of another workspace is `NOT_FOUND`, but one with a rate limit
/// that load cannot read is its 500.
#[test]
fn a_key_of_another_workspace_that_cannot_be_loaded() {
    let s = Server::start(&["--workspace", "ws_other", "--root-key", "other"]);
    let as_other = |op: &str, body: &str| {
        let h = [
            ("Authorization", "Bearer other"),
            ("Content-Type", "application/json"),
        ];
        let r = s.request("POST", &format!("/v2/{op}"), &h, body.as_bytes());
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        r.json()["data"].clone()
    };
    let api = as_other("apis.createApi", r#"{"name":"elsewhere"}"#)["apiId"]
        .as_str()
        .unwrap()
        .to_string();
    let plain = as_other("keys.createKey", &format!(r#"{{"apiId":"{api}"}}"#))["key"]
        .as_str()
        .unwrap()
        .to_string();
    let negative = as_other(
        "keys.createKey",
        &format!(
            r#"{{"apiId":"{api}","ratelimits":[{{"name":"neg","limit":1,"duration":1000,"autoApply":true,"LIMIT":-1}}]}}"#
        ),
    )["key"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(s.verify(json!({"key": plain}))["code"], "NOT_FOUND");
    load_failed(&s.call("keys.verifyKey", json!({"key": negative})));
}

/// keys.migrateKeys stores a decoded key item's `expires` (`time.UnixMilli` of it) where Go's
/// MySQL driver writes it and MySQL takes it: any instant of years 1 to 9999, earlier than
/// MySQL's documented 1000 too, but for Go's zero time (0001-01-01T00:00:00Z), which the driver
/// writes as `'0000-00-00'` and strict mode refuses. Any other expiry fails the transaction's
/// 500, nothing stored; a key whose hash is taken is not inserted, so its expiry is not read.
#[test]
fn migrate_keys_expiry_is_stored_within_the_drivers_datetime_range() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let migrate = |hash: &str, expires: i64| {
        raw(
            &s,
            "keys.migrateKeys",
            &format!(
                r#"{{"migrationId":"mig_1","apiId":"{api}","keys":[{{"hash":"{hash}","expires":{expires}}}],"keys":[{{"hash":"{hash}"}}]}}"#
            ),
        )
    };
    let first_ms = -62_135_596_799_999; // 0001-01-01T00:00:00.001Z
    let last_ms = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
    for (hash, expires) in [
        ("h-first", first_ms),
        ("h-year-702", -40_000_000_000_000),
        ("h-last", last_ms),
    ] {
        let r = migrate(hash, expires);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let id = r.json()["data"]["migrated"][0]["keyId"]
            .as_str()
            .unwrap()
            .to_string();
        let k = s.ok("keys.getKey", json!({"keyId": id}));
        assert_eq!(k["expires"], expires, "{k}");
    }
    for expires in [first_ms - 1, first_ms - 2, last_ms + 1, i64::MIN, i64::MAX] {
        migrate("h-refused", expires).assert_error(500, "unkey/application/unexpected_error", "");
    }
    // Nothing was stored: the hash migrates now.
    let r = migrate("h-refused", 0);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["data"]["migrated"][0]["hash"], "h-refused");
    let r = migrate("h-first", i64::MIN);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["data"]["failed"], json!(["h-first"]));
}
