use serde_json::{json, Value};

use crate::models::*;
use crate::Patch;

#[test]
fn requests_serialize_camel_case_and_omit_unset_fields() {
    let req = VerifyKeyRequest::new("sk_1")
        .tags(["a=b"])
        .credits(VerifyCredits::new(0));
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({"key": "sk_1", "tags": ["a=b"], "credits": {"cost": 0}})
    );
    let req = CreateKeyRequest::new("api_1")
        .byte_length(32u32)
        .external_id("u1")
        .expires(5i64);
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({"apiId": "api_1", "byteLength": 32, "externalId": "u1", "expires": 5})
    );
}

#[test]
fn update_key_is_tri_state() {
    let req = UpdateKeyRequest::new("key_1")
        .name("n")
        .clear_expires()
        .enabled(false);
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({"keyId": "key_1", "name": "n", "expires": null, "enabled": false})
    );
    let req =
        UpdateKeyRequest::new("key_1").credits(CreditsPatch::new().remaining(None).refill(None));
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({"keyId": "key_1", "credits": {"remaining": null, "refill": null}})
    );
    let p: Patch<i64> = serde_json::from_value(Value::Null).unwrap();
    assert_eq!(p, Patch::Null);
}

#[test]
fn multi_limit_is_a_bare_array() {
    let req =
        MultiLimitRequest::new([
            LimitRequest::with_window("ns", "id", Window::per_second(10)).cost(2),
        ]);
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!([{"namespace": "ns", "identifier": "id", "limit": 10, "duration": 1000, "cost": 2}])
    );
}

#[test]
fn responses_tolerate_unknown_fields_and_codes() {
    let v: VerifyKeyData = serde_json::from_value(json!({
        "valid": false, "code": "SOMETHING_NEW", "newField": 1, "keyspaceId": "ks_1"
    }))
    .unwrap();
    assert_eq!(v.code, VerifyCode::Unknown("SOMETHING_NEW".into()));
    let v: VerifyKeyData =
        serde_json::from_value(json!({"valid": false, "code": "NOT_FOUND"})).unwrap();
    assert_eq!(v.code, VerifyCode::NotFound);
    let c: Credits = serde_json::from_value(
        json!({"remaining": null, "refill": {"interval": "yearly", "amount": 1}}),
    )
    .unwrap();
    assert_eq!(c.remaining, None);
    assert_eq!(
        c.refill.unwrap().interval,
        RefillInterval::Unknown("yearly".into())
    );
    let k: KeyData = serde_json::from_value(json!({
        "keyId": "key_1", "start": "sk_ab", "enabled": true, "createdAt": 1_700_000_000_000i64,
        "ratelimits": [{"id": "rl_1", "name": "r", "limit": 1, "duration": 1000, "autoApply": true}]
    }))
    .unwrap();
    assert_eq!(k.created_at, 1_700_000_000_000);
}

#[test]
fn every_op_is_in_the_table_once() {
    // No counts here: the spec conformance test holds the table to the spec, both ways.
    let all: Vec<_> = crate::ops::all().collect();
    for ns in ["keys", "apis", "ratelimit", "identities", "permissions"] {
        assert!(all.iter().any(|o| o.namespace == ns));
    }
    for (i, a) in all.iter().enumerate() {
        assert!(a.path.starts_with("/v2/"));
        assert!(
            all.iter().skip(i + 1).all(|b| b.path != a.path),
            "{}",
            a.path
        );
    }
    assert!(crate::ops::find("identities", "deleteIdentity")
        .unwrap()
        .data
        .is_none());
    assert_eq!(
        crate::ops::find("keys", "verifyKey").unwrap().path,
        "/v2/keys.verifyKey"
    );
}

#[test]
fn verify_code_as_str_is_the_wire_name() {
    for code in [
        VerifyCode::Valid,
        VerifyCode::NotFound,
        VerifyCode::Forbidden,
        VerifyCode::InsufficientPermissions,
        VerifyCode::UsageExceeded,
        VerifyCode::RateLimited,
        VerifyCode::Disabled,
        VerifyCode::Expired,
        VerifyCode::Unknown("SOMETHING_NEW".into()),
    ] {
        assert_eq!(serde_json::to_value(&code).unwrap(), json!(code.as_str()));
    }
}

#[test]
#[allow(deprecated)]
fn windows_replace_positional_limits_and_durations() {
    use core::time::Duration;
    assert_eq!(
        LimitRequest::with_window("api", "user_1", Window::per_minute(10)),
        LimitRequest::new("api", "user_1", 10, 60_000)
    );
    assert_eq!(
        SetOverrideRequest::with_window("api", "vip_*", Window::per_hour(0)),
        SetOverrideRequest::new("api", "vip_*", 0, 3_600_000)
    );
    assert_eq!(
        RatelimitConfig::with_window("calls", Window::per_day(5)),
        RatelimitConfig::new("calls", 5, 86_400_000)
    );
    let v = VerifyRatelimit::new("adhoc").window(Window::new(3, Duration::from_millis(1_500)));
    assert_eq!((v.limit, v.duration), (Some(3), Some(1_500)));
    // Sub-millisecond parts are dropped; too long saturates (and fails validation, not wraps).
    assert_eq!(
        Window::new(1, Duration::from_micros(1_999)).duration_ms(),
        1
    );
    assert_eq!(Window::new(1, Duration::MAX).duration_ms(), i64::MAX);
    assert_eq!(
        serde_json::to_value(LimitRequest::with_window("a", "b", Window::per_second(2)).cost(0))
            .unwrap(),
        json!({"namespace": "a", "identifier": "b", "limit": 2, "duration": 1000, "cost": 0})
    );
}

#[test]
fn migrate_keys_failed_reads_unkeys_null_as_empty() {
    // Unkey answers `"failed": null` when every hash was imported (a Go nil slice).
    let data: MigrateKeysData = serde_json::from_value(json!({
        "migrated": [{"hash": "h", "keyId": "key_1"}],
        "failed": null
    }))
    .unwrap();
    assert!(data.failed.is_empty());
    assert_eq!(data.migrated.len(), 1);
    let data: MigrateKeysData =
        serde_json::from_value(json!({"migrated": [], "failed": ["h2"]})).unwrap();
    assert_eq!(data.failed, ["h2"]);
    // Absent is still a malformed answer.
    assert!(serde_json::from_value::<MigrateKeysData>(json!({"migrated": []})).is_err());
}
