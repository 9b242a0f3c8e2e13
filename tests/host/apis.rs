//! apis.* against a real unkey-local, including the paginating stream.

use crate::common::{new_api, Local};
use futures_util::TryStreamExt;
use unkey_edge::models::*;

#[tokio::test]
async fn api_lifecycle_and_key_pagination() {
    let local = Local::start();
    let unkey = local.client();
    let api = new_api(&unkey, "paginated").await;
    let got = unkey
        .apis()
        .get_api(GetApiRequest::new(&api))
        .await
        .unwrap()
        .data;
    assert_eq!(
        (got.id.as_str(), got.name.as_str()),
        (api.as_str(), "paginated")
    );

    let mut ids = Vec::new();
    for i in 0..5 {
        let k = unkey
            .keys()
            .create_key(CreateKeyRequest::new(&api).external_id(if i % 2 == 0 {
                "even"
            } else {
                "odd"
            }))
            .await
            .unwrap();
        ids.push(k.data.key_id);
    }

    // one page
    let page = unkey
        .apis()
        .list_keys(ListKeysRequest::new(&api).limit(2u32))
        .await
        .unwrap();
    assert_eq!(page.data.len(), 2);
    let p = page.pagination.expect("listKeys has pagination");
    assert!(p.has_more && p.cursor.is_some());

    // the stream walks every page (limit 2 → 3 requests) and yields each key once
    local.reset_counts().await;
    // `while let … next()` with no `pin!`: the stream is Unpin; `.limit(2)` infers its u32.
    let mut all: Vec<KeyData> = Vec::new();
    let mut stream = unkey
        .apis()
        .list_keys_stream(ListKeysRequest::new(&api).limit(2));
    while let Some(key) = futures_util::StreamExt::next(&mut stream).await {
        all.push(key.unwrap());
    }
    let mut seen: Vec<_> = all.iter().map(|k| k.key_id.clone()).collect();
    seen.sort();
    ids.sort();
    assert_eq!(seen, ids);
    assert_eq!(local.count("/v2/apis.listKeys").await, 3);

    // filter by owner
    let evens: Vec<KeyData> = unkey
        .apis()
        .list_keys_stream(ListKeysRequest::new(&api).external_id("even"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(evens.len(), 3);

    // delete → 404, and its keys stop verifying
    let key = unkey
        .keys()
        .create_key(CreateKeyRequest::new(&api))
        .await
        .unwrap()
        .data
        .key;
    unkey
        .apis()
        .delete_api(DeleteApiRequest::new(&api))
        .await
        .unwrap();
    let err = unkey
        .apis()
        .get_api(GetApiRequest::new(&api))
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.error_type_tail()),
        (Some(404), Some("unkey/data/api_not_found"))
    );
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key))
        .await
        .unwrap();
    assert_eq!(v.data.code, VerifyCode::NotFound);
}

#[tokio::test]
async fn stream_stops_at_the_first_error() {
    let local = Local::start();
    let unkey = local.client();
    let items: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(
        unkey
            .apis()
            .list_keys_stream(ListKeysRequest::new("api_doesnotexist")),
    )
    .await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap_err().status(), Some(404));
}
