//! identities.* against a real unkey-local.

use crate::common::Local;
use futures_util::TryStreamExt;
use serde_json::json;
use unkey_edge::models::*;

#[tokio::test]
async fn identity_lifecycle() {
    let local = Local::start();
    let unkey = local.client();
    let meta: JsonMap = json!({"tier": "gold"}).as_object().unwrap().clone();
    let id = unkey
        .identities()
        .create_identity(CreateIdentityRequest::new("org_1").meta(meta).ratelimits([
            RatelimitConfig::with_window("calls", Window::per_minute(10)).auto_apply(true),
        ]))
        .await
        .unwrap()
        .data
        .identity_id;

    let dup = unkey
        .identities()
        .create_identity(CreateIdentityRequest::new("org_1"))
        .await
        .unwrap_err();
    assert_eq!(
        (dup.status(), dup.error_type_tail()),
        (Some(409), Some("unkey/data/identity_already_exists"))
    );

    let by_ext = unkey
        .identities()
        .get_identity(GetIdentityRequest::new("org_1"))
        .await
        .unwrap()
        .data;
    let by_id = unkey
        .identities()
        .get_identity(GetIdentityRequest::new(&id))
        .await
        .unwrap()
        .data;
    assert_eq!(by_ext, by_id);
    assert_eq!(by_ext.meta.unwrap()["tier"], "gold");
    assert_eq!(by_ext.ratelimits.unwrap()[0].name, "calls");

    for i in 2..=4 {
        unkey
            .identities()
            .create_identity(CreateIdentityRequest::new(format!("org_{i}")))
            .await
            .unwrap();
    }
    let all: Vec<Identity> = unkey
        .identities()
        .list_identities_stream(ListIdentitiesRequest::new().limit(3u32))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 4);

    let updated = unkey
        .identities()
        .update_identity(
            UpdateIdentityRequest::new("org_1")
                .meta(JsonMap::new())
                .ratelimits(Vec::<RatelimitConfig>::new()),
        )
        .await
        .unwrap()
        .data;
    assert!(updated.meta.unwrap_or_default().is_empty());
    assert!(updated.ratelimits.unwrap_or_default().is_empty());

    // deleteIdentity's response has no `data`
    let del = unkey
        .identities()
        .delete_identity(DeleteIdentityRequest::new("org_1"))
        .await
        .unwrap();
    assert!(del.meta.request_id.starts_with("req_"));
    let err = unkey
        .identities()
        .get_identity(GetIdentityRequest::new(&id))
        .await
        .unwrap_err();
    assert_eq!(err.error_type_tail(), Some("unkey/data/identity_not_found"));
}
