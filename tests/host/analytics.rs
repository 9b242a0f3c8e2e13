//! `analytics.*` against unkey-local: rows of a real query over recorded verifications, and the
//! real server's answer where analytics are not configured.

use crate::common::{new_api, Local};
use unkey_edge::models::*;

#[tokio::test]
async fn verifications_are_queried_by_outcome() {
    let local = Local::start_with(&["--analytics"]);
    let unkey = local.client();
    let api = new_api(&unkey, "analytics").await;
    let key = unkey
        .keys()
        .create_key(CreateKeyRequest::new(&api))
        .await
        .unwrap()
        .data;
    for _ in 0..3 {
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
    let q = "SELECT outcome, COUNT(*) AS total FROM key_verifications_v1 GROUP BY outcome";
    let rows = unkey
        .analytics()
        .get_verifications(GetVerificationsRequest::new(q))
        .await
        .unwrap()
        .data;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["outcome"], "VALID");
    assert_eq!(rows[0]["total"], 3);
    // A query the language refuses is a 400 with the server's type.
    let err = unkey
        .analytics()
        .get_verifications(GetVerificationsRequest::new(
            "DELETE FROM key_verifications_v1",
        ))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
}

#[tokio::test]
async fn without_analytics_the_server_answers_412() {
    let local = Local::start();
    let unkey = local.client();
    for err in [
        unkey
            .analytics()
            .get_verifications(GetVerificationsRequest::new(
                "SELECT 1 FROM key_verifications_v1",
            ))
            .await
            .unwrap_err(),
        unkey
            .analytics()
            .get_ratelimits(GetRatelimitsRequest::new("SELECT 1 FROM ratelimits_v1"))
            .await
            .unwrap_err(),
    ] {
        assert_eq!(err.status(), Some(412), "{err}");
    }
}
