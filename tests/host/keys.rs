//! keys.* against a real unkey-local: every operation, with real state changes.

use crate::common::{new_api, Local};
use serde_json::json;
use unkey_edge::models::*;

#[tokio::test]
async fn key_lifecycle_create_verify_update_verify_delete() {
    let local = Local::start();
    let unkey = local.client();
    let api = new_api(&unkey, "lifecycle").await;
    let meta: JsonMap = json!({"plan": "pro"}).as_object().unwrap().clone();

    let created = unkey
        .keys()
        .create_key(
            CreateKeyRequest::new(&api)
                .prefix("sk")
                .name("first")
                .meta(meta)
                .credits(Credits::new(3)),
        )
        .await
        .unwrap();
    assert!(created.data.key.starts_with("sk_"));
    assert!(created.meta.request_id.starts_with("req_"));
    let key = created.data.key.clone();
    let key_id = created.data.key_id.clone();

    // valid, and each verification spends one credit
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key))
        .await
        .unwrap();
    assert!(v.data.valid);
    assert_eq!(v.data.code, VerifyCode::Valid);
    assert_eq!(v.data.key_id.as_deref(), Some(key_id.as_str()));
    assert_eq!(v.data.credits, Some(2));
    assert_eq!(v.data.meta.unwrap()["plan"], "pro");
    // cost 0 checks without spending
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key).credits(VerifyCredits::new(0)))
        .await
        .unwrap();
    assert_eq!(v.data.credits, Some(2));

    // disable → DISABLED (an outcome, not an error)
    unkey
        .keys()
        .update_key(
            UpdateKeyRequest::new(&key_id)
                .enabled(false)
                .name("renamed"),
        )
        .await
        .unwrap();
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key))
        .await
        .unwrap();
    assert!(!v.data.valid);
    assert_eq!(v.data.code, VerifyCode::Disabled);

    // re-enable, clear the name (null), make credits unlimited (null)
    unkey
        .keys()
        .update_key(
            UpdateKeyRequest::new(&key_id)
                .enabled(true)
                .clear_name()
                .clear_credits(),
        )
        .await
        .unwrap();
    let got = unkey
        .keys()
        .get_key(GetKeyRequest::new(&key_id))
        .await
        .unwrap()
        .data;
    assert!(got.enabled);
    assert_eq!(got.name, None);
    assert!(got.credits.is_none() || got.credits.as_ref().unwrap().remaining.is_none());
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key))
        .await
        .unwrap();
    assert!(v.data.valid);
    assert_eq!(v.data.credits, None);

    // updateCredits: set 1, spend it, then USAGE_EXCEEDED
    let c = unkey
        .keys()
        .update_credits(UpdateCreditsRequest::new(&key_id, CreditOperation::Set).value(1i64))
        .await
        .unwrap();
    assert_eq!(c.data.remaining, Some(1));
    let c = unkey
        .keys()
        .update_credits(UpdateCreditsRequest::new(&key_id, CreditOperation::Increment).value(2i64))
        .await
        .unwrap();
    assert_eq!(c.data.remaining, Some(3));
    let c = unkey
        .keys()
        .update_credits(UpdateCreditsRequest::new(&key_id, CreditOperation::Decrement).value(2i64))
        .await
        .unwrap();
    assert_eq!(c.data.remaining, Some(1));
    assert!(
        unkey
            .keys()
            .verify_key(VerifyKeyRequest::new(&key))
            .await
            .unwrap()
            .data
            .valid
    );
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key))
        .await
        .unwrap();
    assert_eq!(v.data.code, VerifyCode::UsageExceeded);

    // whoami finds the same key from its secret
    let who = unkey
        .keys()
        .whoami(WhoamiRequest::new(&key))
        .await
        .unwrap()
        .data;
    assert_eq!(who.key_id, key_id);
    assert!(key.starts_with(&who.start));

    // delete → NOT_FOUND on verify, 404 on getKey
    unkey
        .keys()
        .delete_key(DeleteKeyRequest::new(&key_id))
        .await
        .unwrap();
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key))
        .await
        .unwrap();
    assert!(!v.data.valid);
    assert_eq!(v.data.code, VerifyCode::NotFound);
    let err = unkey
        .keys()
        .get_key(GetKeyRequest::new(&key_id))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.kind(), "api");
    assert_eq!(err.error_type_tail(), Some("unkey/data/key_not_found"));
    assert!(err.request_id().unwrap().starts_with("req_"));
}

#[tokio::test]
async fn expiry_follows_the_server_clock() {
    let local = Local::start();
    let unkey = local.client();
    let api = new_api(&unkey, "expiry").await;
    let key = unkey
        .keys()
        .create_key(CreateKeyRequest::new(&api))
        .await
        .unwrap()
        .data;
    let info = unkey
        .keys()
        .get_key(GetKeyRequest::new(&key.key_id))
        .await
        .unwrap()
        .data;
    // expire one minute after creation, then move the server clock two minutes on
    unkey
        .keys()
        .update_key(UpdateKeyRequest::new(&key.key_id).expires(info.created_at + 60_000))
        .await
        .unwrap();
    assert!(
        unkey
            .keys()
            .verify_key(VerifyKeyRequest::new(&key.key))
            .await
            .unwrap()
            .data
            .valid
    );
    local.advance_clock(120_000).await;
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key))
        .await
        .unwrap();
    assert_eq!(v.data.code, VerifyCode::Expired);
    // expires: null makes it permanent again
    unkey
        .keys()
        .update_key(UpdateKeyRequest::new(&key.key_id).clear_expires())
        .await
        .unwrap();
    assert!(
        unkey
            .keys()
            .verify_key(VerifyKeyRequest::new(&key.key))
            .await
            .unwrap()
            .data
            .valid
    );
}

#[tokio::test]
async fn permissions_and_roles_on_a_key() {
    let local = Local::start();
    let unkey = local.client();
    let api = new_api(&unkey, "rbac").await;
    let key = unkey
        .keys()
        .create_key(CreateKeyRequest::new(&api))
        .await
        .unwrap()
        .data;
    let id = &key.key_id;

    let perms = unkey
        .keys()
        .add_permissions(AddPermissionsRequest::new(id, ["docs.read", "docs.write"]))
        .await
        .unwrap();
    let mut slugs: Vec<_> = perms.data.iter().map(|p| p.slug.clone()).collect();
    slugs.sort();
    assert_eq!(slugs, ["docs.read", "docs.write"]);
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key).permissions("docs.read AND docs.write"))
        .await
        .unwrap();
    assert!(v.data.valid);

    let perms = unkey
        .keys()
        .remove_permissions(RemovePermissionsRequest::new(id, ["docs.write"]))
        .await
        .unwrap();
    assert_eq!(perms.data.len(), 1);
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key).permissions("docs.write"))
        .await
        .unwrap();
    assert_eq!(v.data.code, VerifyCode::InsufficientPermissions);

    let perms = unkey
        .keys()
        .set_permissions(SetPermissionsRequest::new(id, ["admin"]))
        .await
        .unwrap();
    assert_eq!(
        perms
            .data
            .iter()
            .map(|p| p.slug.as_str())
            .collect::<Vec<_>>(),
        ["admin"]
    );
    let perms = unkey
        .keys()
        .set_permissions(SetPermissionsRequest::new(id, Vec::<String>::new()))
        .await
        .unwrap();
    assert!(perms.data.is_empty());

    // roles must exist first
    unkey
        .permissions()
        .create_role(CreateRoleRequest::new("editor").permissions(["docs.edit"]))
        .await
        .unwrap();
    unkey
        .permissions()
        .create_role(CreateRoleRequest::new("viewer"))
        .await
        .unwrap();
    let roles = unkey
        .keys()
        .add_roles(AddRolesRequest::new(id, ["editor", "viewer"]))
        .await
        .unwrap();
    assert_eq!(roles.data.len(), 2);
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key).permissions("docs.edit"))
        .await
        .unwrap();
    assert!(v.data.valid, "permission via role: {:?}", v.data.code);
    let roles = unkey
        .keys()
        .remove_roles(RemoveRolesRequest::new(id, ["editor"]))
        .await
        .unwrap();
    assert_eq!(
        roles
            .data
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
        ["viewer"]
    );
    let roles = unkey
        .keys()
        .set_roles(SetRolesRequest::new(id, Vec::<String>::new()))
        .await
        .unwrap();
    assert!(roles.data.is_empty());
    let got = unkey
        .keys()
        .get_key(GetKeyRequest::new(id))
        .await
        .unwrap()
        .data;
    assert!(got.roles.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn reroll_replaces_the_secret() {
    let local = Local::start();
    let unkey = local.client();
    let api = new_api(&unkey, "reroll").await;
    let old = unkey
        .keys()
        .create_key(CreateKeyRequest::new(&api).prefix("rr"))
        .await
        .unwrap()
        .data;
    let new = unkey
        .keys()
        .reroll_key(RerollKeyRequest::new(&old.key_id, 0))
        .await
        .unwrap()
        .data;
    assert_ne!(new.key, old.key);
    assert_ne!(new.key_id, old.key_id);
    assert!(
        unkey
            .keys()
            .verify_key(VerifyKeyRequest::new(&new.key))
            .await
            .unwrap()
            .data
            .valid
    );
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&old.key))
        .await
        .unwrap();
    assert!(
        !v.data.valid,
        "expiration 0 revokes the old key at once: {:?}",
        v.data.code
    );
}

#[tokio::test]
async fn migrate_keys_imports_hashes_that_then_verify() {
    let local = Local::start();
    let unkey = local.client();
    let api = new_api(&unkey, "migrate").await;
    // Unkey's own test vector: base64(sha256("MVgWNsyPmv6VthC9moCNAPwS"))
    let hash = "CptSN3vQ0shZLIsdT5c/tlpeFK/qqxY0R/aQNCfKhWs=";
    let res = unkey
        .keys()
        .migrate_keys(MigrateKeysRequest::new(
            "mig_test",
            &api,
            [MigrateKey::new(hash).name("imported")],
        ))
        .await
        .unwrap();
    assert_eq!(res.data.migrated.len(), 1);
    assert_eq!(res.data.migrated[0].hash, hash);
    assert!(res.data.failed.is_empty());
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new("MVgWNsyPmv6VthC9moCNAPwS"))
        .await
        .unwrap();
    assert!(v.data.valid);
    assert_eq!(v.data.name.as_deref(), Some("imported"));
}
