use serde_json::{json, Value};

use crate::models::*;
use crate::schema::{
    strip_unknown, validate, JsonKind, JsonText, JsonValue, Kind, Pattern, Schema, Ty,
    ValidationErrorKind as K,
};

/// Validates `v` as a `serde_json::Value` and as its JSON text (the wasm façade's view), which
/// must agree.
fn check<T: Schema>(v: Value) -> Result<(), (String, K)> {
    let result = validate(T::SHAPE, &&v).map_err(|e| (e.location, e.kind));
    for text in [v.to_string(), serde_json::to_string_pretty(&v).unwrap()] {
        let as_text = validate(T::SHAPE, &JsonText(&text)).map_err(|e| (e.location, e.kind));
        assert_eq!(as_text, result, "{text}");
    }
    result
}

#[test]
fn accepts_a_full_valid_request() {
    let v = json!({
        "apiId": "api_123", "prefix": "sk", "name": "n", "byteLength": 16,
        "externalId": "user.1-a_b", "meta": {"a": 1}, "roles": ["admin"],
        "permissions": ["documents.read", "a:b-c.*"], "expires": 4_102_444_800_000i64,
        "credits": {"remaining": null, "refill": {"interval": "monthly", "amount": 5, "refillDay": 31}},
        "ratelimits": [{"name": "req", "limit": 10, "duration": 1000, "autoApply": true, "extra": 1}],
        "enabled": true, "recoverable": false
    });
    assert_eq!(check::<CreateKeyRequest>(v), Ok(()));
}

#[test]
fn locations_look_like_the_servers() {
    let v = json!({"apiId": "api_1", "permissions": ["ok", "also_ok", "bad perm"]});
    assert_eq!(
        check::<CreateKeyRequest>(v),
        Err((
            "body.permissions[2]".into(),
            K::Pattern(Pattern::PermissionSlug)
        ))
    );
    let v = json!({"apiId": "api_1", "ratelimits": [{"name": "x", "limit": 1, "duration": 1000, "autoApply": false}]});
    assert_eq!(
        check::<CreateKeyRequest>(v),
        Err(("body.ratelimits[0].name".into(), K::TooShort { min: 3 }))
    );
    let v = json!({"apiId": "api_1", "credits": {"remaining": 1, "refill": {"interval": "weekly", "amount": 1}}});
    let err = check::<CreateKeyRequest>(v).unwrap_err();
    assert_eq!(err.0, "body.credits.refill.interval");
    assert!(matches!(err.1, K::NotInEnum { .. }));
}

#[test]
fn strip_unknown_drops_undeclared_members_as_unkey_api_does() {
    let strip =
        |text: &str| strip_unknown(CreateKeyRequest::SHAPE, text).map_err(|e| (e.location, e.kind));
    // Nothing to drop: the text is sent as it is.
    assert_eq!(strip(r#"{"apiId":"api_1"}"#), Ok(None));
    // First, middle, last, every member; nested in objects and array items; whitespace kept.
    for (text, sent) in [
        (r#"{"x":1,"apiId":"api_1"}"#, r#"{"apiId":"api_1"}"#),
        (
            r#"{"apiId":"api_1","x":[1,{"y":"}"}]}"#,
            r#"{"apiId":"api_1"}"#,
        ),
        (r#"{"a":1,"apiId":"api_1","b":2}"#, r#"{"apiId":"api_1"}"#),
        (r#"{"apiId":"api_1","a":1,"b":2}"#, r#"{"apiId":"api_1"}"#),
        (
            r#"{"a":1,"b":2,"apiId":"api_1","c\"d":3}"#,
            r#"{"apiId":"api_1"}"#,
        ),
        (
            r#"{"apiId":"api_1","credits":{"remaining":5,"refillInterval":"daily"}}"#,
            r#"{"apiId":"api_1","credits":{"remaining":5}}"#,
        ),
        (
            r#"{"apiId":"api_1","credits":{"remaining":9,"refill":{"z":0,"interval":"daily","amount":1}}}"#,
            r#"{"apiId":"api_1","credits":{"remaining":9,"refill":{"interval":"daily","amount":1}}}"#,
        ),
        (
            "{ \"ownerId\" : \"u\" ,\n \"apiId\": \"api_1\" }",
            "{ \"apiId\": \"api_1\" }",
        ),
        // `meta` is free-form: nothing inside it is dropped.
        (
            r#"{"apiId":"api_1","meta":{"x":1},"q":2}"#,
            r#"{"apiId":"api_1","meta":{"x":1}}"#,
        ),
    ] {
        let out = strip(text).unwrap().unwrap();
        assert_eq!(out, sent, "{text}");
        assert_eq!(validate(CreateKeyRequest::SHAPE, &JsonText(&out)), Ok(()));
    }
    // A declared member of the wrong type is still refused, and so is a missing one.
    assert_eq!(
        strip(r#"{"apiId":5,"x":1}"#),
        Err((
            "body.apiId".into(),
            K::WrongType {
                expected: "a string"
            }
        ))
    );
    assert_eq!(strip(r#"{"x":1}"#), Err(("body.apiId".into(), K::Missing)));
    // Open objects (identities.createIdentity) keep their extra members, as the spec allows.
    assert_eq!(
        strip_unknown(CreateIdentityRequest::SHAPE, r#"{"externalId":"u1","x":1}"#),
        Ok(None)
    );
}

#[test]
fn rejects_unknown_fields_only_on_closed_objects() {
    assert_eq!(
        check::<VerifyKeyRequest>(json!({"key": "k", "apiId": "api_1"})),
        Err(("body.apiId".into(), K::UnknownField))
    );
    // identities.createIdentity and keys.rerollKey accept extra fields (as the spec does).
    assert_eq!(
        check::<CreateIdentityRequest>(json!({"externalId": "u1", "x": 1})),
        Ok(())
    );
    assert_eq!(
        check::<RerollKeyRequest>(json!({"keyId": "key_1", "expiration": 0, "x": 1})),
        Ok(())
    );
}

#[test]
fn missing_required_and_wrong_types() {
    assert_eq!(
        check::<VerifyKeyRequest>(json!({})),
        Err(("body.key".into(), K::Missing))
    );
    assert_eq!(
        check::<VerifyKeyRequest>(json!({"key": 5})),
        Err((
            "body.key".into(),
            K::WrongType {
                expected: "a string"
            }
        ))
    );
    assert_eq!(
        check::<VerifyKeyRequest>(json!({"key": null})),
        Err((
            "body.key".into(),
            K::WrongType {
                expected: "a string"
            }
        ))
    );
    assert_eq!(
        check::<VerifyKeyRequest>(json!({"key": "k", "tags": "a"})),
        Err((
            "body.tags".into(),
            K::WrongType {
                expected: "an array"
            }
        ))
    );
    assert_eq!(
        check::<VerifyKeyRequest>(json!({"key": "k", "tags": [null]})),
        Err((
            "body.tags[0]".into(),
            K::WrongType {
                expected: "a string"
            }
        ))
    );
    assert_eq!(
        check::<VerifyKeyRequest>(json!([1])),
        Err((
            "body".into(),
            K::WrongType {
                expected: "an object"
            }
        ))
    );
    assert_eq!(
        check::<DeleteKeyRequest>(json!({"keyId": "key_1", "permanent": "yes"})),
        Err((
            "body.permanent".into(),
            K::WrongType {
                expected: "a boolean"
            }
        ))
    );
}

#[test]
fn lengths_count_code_points() {
    // 512 × "é" (2 bytes each) is 512 characters: allowed; 513 is not.
    let ok = "é".repeat(512);
    assert_eq!(check::<VerifyKeyRequest>(json!({"key": ok})), Ok(()));
    let long = "😀".repeat(513);
    assert_eq!(
        check::<VerifyKeyRequest>(json!({"key": long})),
        Err(("body.key".into(), K::TooLong { max: 512 }))
    );
    assert_eq!(
        check::<VerifyKeyRequest>(json!({"key": ""})),
        Err(("body.key".into(), K::TooShort { min: 1 }))
    );
}

#[test]
fn ranges_and_safe_integers() {
    let at =
        |cost: Value| check::<VerifyKeyRequest>(json!({"key": "k", "credits": {"cost": cost}}));
    assert_eq!(at(json!(0)), Ok(()));
    assert_eq!(at(json!(1_000_000_000_000i64)), Ok(()));
    assert_eq!(
        at(json!(1_000_000_000_001i64)),
        Err((
            "body.credits.cost".into(),
            K::OutOfRange {
                min: 0,
                max: 1_000_000_000_000
            }
        ))
    );
    assert_eq!(
        at(json!(-1)),
        Err((
            "body.credits.cost".into(),
            K::OutOfRange {
                min: 0,
                max: 1_000_000_000_000
            }
        ))
    );
    assert_eq!(
        at(json!(1.5)),
        Err(("body.credits.cost".into(), K::NotSafeInteger))
    );
    // remaining allows up to i64::MAX in the spec, but JS cannot represent past 2^53 − 1.
    let rem = |n: Value| check::<Credits>(json!({"remaining": n}));
    assert_eq!(rem(json!(9_007_199_254_740_991i64)), Ok(()));
    assert_eq!(
        rem(json!(9_007_199_254_740_992i64)),
        Err(("body.remaining".into(), K::NotSafeInteger))
    );
    assert_eq!(
        rem(json!(u64::MAX)),
        Err(("body.remaining".into(), K::NotSafeInteger))
    );
    // remaining is required but nullable
    assert_eq!(
        check::<Credits>(json!({})),
        Err(("body.remaining".into(), K::Missing))
    );
    assert_eq!(rem(Value::Null), Ok(()));
}

#[test]
fn item_and_property_counts() {
    let tags: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
    assert_eq!(
        check::<VerifyKeyRequest>(json!({"key": "k", "tags": tags})),
        Err(("body.tags".into(), K::TooManyItems { max: 20 }))
    );
    assert_eq!(
        check::<AddRolesRequest>(json!({"keyId": "key_1", "roles": []})),
        Err(("body.roles".into(), K::TooFewItems { min: 1 }))
    );
    assert_eq!(
        check::<SetRolesRequest>(json!({"keyId": "key_1", "roles": []})),
        Ok(())
    );
    let meta: serde_json::Map<String, Value> =
        (0..101).map(|i| (format!("k{i}"), json!(i))).collect();
    assert_eq!(
        check::<CreateIdentityRequest>(json!({"externalId": "u", "meta": meta})),
        Err(("body.meta".into(), K::TooManyProperties { max: 100 }))
    );
    assert_eq!(
        check::<MultiLimitRequest>(json!([])),
        Err(("body".into(), K::TooFewItems { min: 1 }))
    );
    assert_eq!(
        check::<MultiLimitRequest>(
            json!([{"namespace": "n", "identifier": "i", "limit": 1, "duration": 999}])
        ),
        Err((
            "body[0].duration".into(),
            K::OutOfRange {
                min: 1000,
                max: 2_592_000_000
            }
        ))
    );
}

#[test]
fn patch_fields_accept_null_and_absent() {
    assert_eq!(check::<UpdateKeyRequest>(json!({"keyId": "key_1"})), Ok(()));
    assert_eq!(
        check::<UpdateKeyRequest>(
            json!({"keyId": "key_1", "name": null, "expires": null, "meta": null, "credits": null, "externalId": null})
        ),
        Ok(())
    );
    assert_eq!(
        check::<UpdateKeyRequest>(json!({"keyId": "key_1", "ratelimits": null})),
        Err((
            "body.ratelimits".into(),
            K::WrongType {
                expected: "an array"
            }
        ))
    );
    assert_eq!(
        check::<UpdateKeyRequest>(
            json!({"keyId": "key_1", "credits": {"remaining": null, "refill": null}})
        ),
        Ok(())
    );
}

#[test]
fn patterns() {
    assert!(Pattern::AlnumUnderscore.matches("key_ABC123"));
    assert!(!Pattern::AlnumUnderscore.matches("key-1"));
    assert!(!Pattern::AlnumUnderscore.matches(""));
    assert!(Pattern::ExternalId.matches("user.1-x_y"));
    assert!(!Pattern::ExternalId.matches("user:1"));
    assert!(Pattern::PermissionSlug.matches("a.b:c-d*_e"));
    assert!(!Pattern::PermissionSlug.matches("a/b"));
    assert!(Pattern::ResourceId.matches("role_1-a"));
    assert!(!Pattern::ResourceId.matches("role.1"));
    assert!(!Pattern::AlnumUnderscore.matches("ключ"));
}

#[test]
fn derive_emits_wire_names_docs_and_flags() {
    let Kind::Object { fields, closed } = UpdateKeyRequest::SHAPE.kind else {
        panic!("object")
    };
    assert!(closed);
    let names: Vec<_> = fields.iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            "keyId",
            "name",
            "externalId",
            "meta",
            "expires",
            "credits",
            "ratelimits",
            "enabled",
            "roles",
            "permissions"
        ]
    );
    let name = fields.iter().find(|f| f.name == "name").unwrap();
    assert!(!name.required && name.nullable);
    let key_id = fields.iter().find(|f| f.name == "keyId").unwrap();
    assert!(key_id.required && !key_id.nullable);
    assert_eq!(UpdateKeyRequest::DOCS.items.len(), fields.len());
    assert!(!UpdateKeyRequest::DOCS.doc.is_empty());
    let Kind::Enum { values, open } = VerifyCode::SHAPE.kind else {
        panic!("enum")
    };
    assert!(open);
    assert_eq!(values[3], "INSUFFICIENT_PERMISSIONS");
    let Kind::Alias(Ty::Array {
        min: 1, max: 100, ..
    }) = MultiLimitRequest::SHAPE.kind
    else {
        panic!("alias")
    };
}

#[test]
fn never_panics_on_odd_input() {
    let odd = [
        json!(null),
        json!(true),
        json!(1e308),
        json!(-0.0),
        json!("x"),
        json!([]),
        json!([[[]]]),
        json!({"key": {"nested": [1, 2, {"a": null}]}}),
        json!({"key": "k", "ratelimits": [1, "a", null, {}]}),
        json!({"key": "k", "credits": {"cost": 1e300}}),
        json!({"key": "k", "credits": {"cost": -1e300}}),
    ];
    for op in crate::ops::all() {
        if let Some(shape) = op.request {
            for v in &odd {
                let _ = validate(shape, &v);
            }
        }
    }
}

#[test]
fn messages_are_built_without_fmt_and_read_well() {
    let mut s = String::new();
    for n in [0, 7, -42, i64::MAX, i64::MIN] {
        s.clear();
        crate::schema::validate::push_int(&mut s, n);
        assert_eq!(s, n.to_string());
    }
    assert_eq!(
        K::OutOfRange { min: -1, max: 10 }.message(),
        "must be between -1 and 10"
    );
    assert_eq!(
        K::TooLong { max: 512 }.message(),
        "must be at most 512 characters"
    );
    assert_eq!(
        K::NotInEnum {
            allowed: &["a", "b"]
        }
        .message(),
        "must be one of a, b"
    );
    let e = validate(
        VerifyKeyRequest::SHAPE,
        &&json!({"key": "k", "tags": ["", "x"]}),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "body.tags[0] must be at least 1 character");
}

#[test]
fn json_text_never_panics_and_reads_odd_text_as_other() {
    let deep = format!(
        "{{\"apiId\":\"api_1\",\"meta\":{{\"a\":{}{}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let odd = [
        "",
        " ",
        "{",
        "[",
        "}",
        "\"",
        "\"\\",
        "nul",
        "-",
        "1e",
        "1.",
        "1e99999999999",
        "{,}",
        "[,]",
        "{\"key\"",
        "{\"key\":}",
        "{\"key\":\"k\",}",
        "{\"key\":\"\\u12\"}",
        "{\"key\":\"\\ud800\"}",
        "[1,,2]",
        "{\"key\":[}",
        "{\"apiId\":\"api_1\",\"meta\":{\"a\":[1,{\"b\":\"]\"}]}}",
        &deep,
    ];
    for op in crate::ops::all() {
        if let Some(shape) = op.request {
            for text in odd {
                let _ = validate(shape, &JsonText(text));
            }
        }
    }
    assert_eq!(JsonText("nul").kind(), JsonKind::Null);
    assert_eq!(JsonText("x").kind(), JsonKind::Other);
    assert_eq!(JsonText("[1,,2]").len(), Some(1));
    // meta is skipped by counting brackets, whatever its depth and the brackets in its strings.
    assert_eq!(validate(CreateKeyRequest::SHAPE, &JsonText(&deep)), Ok(()));
    let text = r#"{"apiId":"api_1","meta":{"a":[1,{"b":"]}"}]},"name":"n"}"#;
    assert_eq!(JsonText(text).entries().len(), 3);
}

#[test]
fn json_text_decodes_escapes_and_numbers() {
    let s = |t: &str| JsonText(t).as_str().map(|s| s.into_owned());
    assert_eq!(s(r#""a\"b\\c\/d\n\t""#).as_deref(), Some("a\"b\\c/d\n\t"));
    // JSON.stringify escapes lone surrogates only (one character each, as for JS's `for…of`),
    // and writes pairs as they are.
    assert_eq!(s(r#""\ud800x""#).as_deref(), Some("\u{fffd}x"));
    assert_eq!(JsonText(r#""\ud800x\n""#).str_len(10), Some(3));
    assert_eq!(JsonText(r#""é😀\"""#).str_len(10), Some(3));
    assert_eq!(JsonText(r#""abcdef""#).str_len(4), Some(4));
    // Keys are decoded too.
    let entries = JsonText(r#"{"k\u0065y":"v"}"#).entries();
    assert_eq!(entries.first().map(|(k, _)| k.as_ref()), Some("key"));
    let n = |t: &str| JsonText(t).as_f64();
    for (text, value) in [
        ("0", 0.0),
        ("-7", -7.0),
        ("1.0", 1.0),
        ("1e2", 100.0),
        ("1.5E+1", 15.0),
        ("2500e-2", 25.0),
        ("0.0e5", 0.0),
    ] {
        assert_eq!(n(text), Some(value), "{text}");
    }
    for text in [
        "1.5",
        "15e-1",
        "1e21",
        "99999999999999999999",
        "1.",
        "-",
        "0x1",
    ] {
        assert!(n(text).is_some_and(f64::is_nan), "{text}");
    }
    assert_eq!(n("\"1\""), None);
}
