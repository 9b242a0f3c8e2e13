//! Names compared as upstream's MySQL columns compare them (`crate::collation`): role names,
//! permission text and ids under `utf8mb4_0900_ai_ci` or `utf8mb4_0900_as_cs`, rate-limit
//! namespace names, override identifiers and identities' external ids under
//! `utf8mb4_0900_as_cs`; equality for unique names and lookups, MySQL's `LIKE` (character by
//! character) for the lists' search.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::Server;
use serde_json::{json, Value};

/// The `name`s of a list's items.
fn names(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn create_role__a_name_equal_but_for_accents_case_or_weightless_characters_is_a_409() {
    let s = Server::start(&[]);
    for name in ["cafe", "straße", "ab"] {
        s.ok("permissions.createRole", json!({"name": name}));
    }
    for (taken, again) in [
        ("cafe", "Café"),
        ("cafe", "CAFE\u{301}"),
        ("straße", "STRASSE"),
        ("ab", "a\u{1}b"),
    ] {
        s.call("permissions.createRole", json!({"name": again}))
            .assert_error(
                409,
                "unkey/data/role_already_exists",
                &format!("A role with name '{again}' already exists in this workspace"),
            );
        assert_eq!(
            s.ok("permissions.getRole", json!({"role": again}))["name"],
            taken
        );
    }
    // NO PAD: a trailing space makes another name; so does another letter.
    for name in ["cafe ", "cafè-bar"] {
        s.ok("permissions.createRole", json!({"name": name}));
    }
}

#[test]
fn get_role_and_delete_role__find_a_role_by_any_spelling_its_collation_equals() {
    let s = Server::start(&[]);
    let id = s.ok("permissions.createRole", json!({"name": "Café Owners"}))["roleId"].clone();
    assert_eq!(
        s.ok("permissions.getRole", json!({"role": "cafe owners"}))["id"],
        id
    );
    s.ok(
        "permissions.deleteRole",
        json!({"role": "CAFE\u{301} OWNERS"}),
    );
    assert_eq!(
        s.call("permissions.getRole", json!({"role": "Café Owners"}))
            .status,
        404
    );
}

#[test]
fn list_roles__search_ignores_accents_and_case_but_compares_character_by_character() {
    let s = Server::start(&[]);
    for (name, description) in [
        ("Café Owners", "x"),
        ("straße", "x"),
        ("plain", "Überblick"),
    ] {
        s.ok(
            "permissions.createRole",
            json!({"name": name, "description": description}),
        );
    }
    let search = |term: &str| {
        let mut n = names(&s.ok("permissions.listRoles", json!({"search": term})));
        n.sort();
        n
    };
    assert_eq!(search("cafe"), ["Café Owners"]);
    assert_eq!(search("É O"), ["Café Owners"]);
    assert_eq!(search("uberb"), ["plain"], "description");
    assert_eq!(search("STRAẞE"), ["straße"]);
    // `LIKE` matches one character with one: `ß` is not `ss` there (it is for `=`).
    assert!(search("strasse").is_empty());
    assert!(search("ss").is_empty());
}

#[test]
fn list_permissions__search_ignores_accents_and_case_in_name_and_description() {
    let s = Server::start(&[]);
    s.ok(
        "permissions.createPermission",
        json!({"name": "Crème brûlée", "slug": "dessert.read", "description": "Déjà vu"}),
    );
    s.ok(
        "permissions.createPermission",
        json!({"name": "plain", "slug": "plain.read"}),
    );
    let search = |term: &str| names(&s.ok("permissions.listPermissions", json!({"search": term})));
    assert_eq!(search("CREME BRULEE"), ["Crème brûlée"]);
    assert_eq!(search("deja"), ["Crème brûlée"]);
    assert_eq!(search("DESSERT.R"), ["Crème brûlée"]);
    assert!(search("cremes").is_empty());
}

#[test]
fn list_identities__search_ignores_case_but_not_accents_or_weightless_characters() {
    let s = Server::start(&[]);
    s.ok("identities.createIdentity", json!({"externalId": "user_1"}));
    let search = |term: &str| {
        s.ok("identities.listIdentities", json!({"search": term}))
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(search("USER_"), 1);
    // `utf8mb4_0900_as_cs`: `ú` is not `u`, and `LIKE` needs a character for U+0001.
    assert_eq!(search("úser"), 0);
    assert_eq!(search("user\u{1}_"), 0);
}

#[test]
fn get_identity__an_external_id_with_weightless_characters_finds_it_another_case_does_not() {
    let s = Server::start(&[]);
    let id =
        s.ok("identities.createIdentity", json!({"externalId": "user_1"}))["identityId"].clone();
    assert_eq!(
        s.ok(
            "identities.getIdentity",
            json!({"identity": "user\u{200d}_1\u{1}"})
        )["id"],
        id
    );
    assert_eq!(
        s.call("identities.getIdentity", json!({"identity": "USER_1"}))
            .status,
        404
    );
    // The column is case-sensitive: another case is another identity.
    s.ok("identities.createIdentity", json!({"externalId": "User_1"}));
}

/// `/_local/dashboard/namespace`: the namespace of this name (created when missing): its id,
/// stored name and whether it was created.
fn dashboard_namespace(s: &Server, name: &str) -> (String, String, bool) {
    let r = s
        .request(
            "POST",
            "/_local/dashboard/namespace",
            &[("Content-Type", "application/json")],
            json!({"namespace": name}).to_string().as_bytes(),
        )
        .json();
    (
        r["namespaceId"].as_str().unwrap().to_string(),
        r["namespace"].as_str().unwrap().to_string(),
        r["created"].as_bool().unwrap(),
    )
}

#[test]
fn namespace__another_normal_form_or_a_weightless_character_is_the_same_namespace() {
    let s = Server::start(&["--dashboard"]);
    let (id, _, created) = dashboard_namespace(&s, "caf\u{e9}");
    assert!(created);
    for same in ["cafe\u{301}", "caf\u{200d}\u{e9}", "\u{1}caf\u{e9}"] {
        assert_eq!(
            dashboard_namespace(&s, same),
            (id.clone(), "caf\u{e9}".to_string(), false),
            "{same:?}"
        );
    }
    // Accents and case count.
    for other in ["Caf\u{e9}", "cafe"] {
        let (other_id, _, created) = dashboard_namespace(&s, other);
        assert!(created && other_id != id, "{other:?}");
    }
}

#[test]
fn ratelimit_limit__another_spelling_of_a_namespace_counts_in_it_without_creating_one() {
    let s = Server::start(&["--dashboard", "--test-clock"]);
    s.request("POST", "/_local/clock", &[], br#"{"freeze":true}"#);
    let limit_only = s.root_key(&["ratelimit.*.limit"]);
    let limit = |ns: &str| {
        let r = s.post_as(
            "/v2/ratelimit.limit",
            Some(&limit_only),
            &json!({"namespace": ns, "identifier": "u", "limit": 1, "duration": 60000}),
        );
        r.data()["success"].as_bool().unwrap()
    };
    dashboard_namespace(&s, "caf\u{e9}");
    assert!(limit("caf\u{e9}"));
    assert!(!limit("cafe\u{301}"), "the same namespace's counter");
    // Another case is a namespace that does not exist, which this key may not create.
    let r = s.post_as(
        "/v2/ratelimit.limit",
        Some(&limit_only),
        &json!({"namespace": "Caf\u{e9}", "identifier": "u", "limit": 1, "duration": 60000}),
    );
    assert_eq!(r.status, 403, "{}", String::from_utf8_lossy(&r.body));
}

#[test]
fn ratelimit_multi_limit__another_spelling_needs_create_namespace_and_fails_beside_a_new_one() {
    let s = Server::start(&["--dashboard", "--test-clock"]);
    s.request("POST", "/_local/clock", &[], br#"{"freeze":true}"#);
    let limit_only = s.root_key(&["ratelimit.*.limit"]);
    dashboard_namespace(&s, "caf\u{e9}");
    let check =
        |ns: &str| json!({"namespace": ns, "identifier": "u", "limit": 1, "duration": 60000});
    // Found by its exact name, it needs nothing more.
    let r = s.post_as(
        "/v2/ratelimit.multiLimit",
        Some(&limit_only),
        &json!([check("caf\u{e9}")]),
    );
    assert_eq!(r.data()["passed"], true);
    // Upstream's batch lookup matches the rows by bytes: another spelling is missing there.
    let r = s.post_as(
        "/v2/ratelimit.multiLimit",
        Some(&limit_only),
        &json!([check("cafe\u{301}")]),
    );
    assert_eq!(r.status, 403, "{}", String::from_utf8_lossy(&r.body));
    // With create_namespace, its insert finds the stored one: the same counter.
    assert_eq!(
        s.ok("ratelimit.multiLimit", json!([check("cafe\u{301}")]))["passed"],
        false
    );
    // Beside a new name, the batch insert fails and the new one is not found again.
    s.call(
        "ratelimit.multiLimit",
        json!([check("cafe\u{301}"), check("brand-new")]),
    )
    .assert_error(
        500,
        "unkey/application/unexpected_error",
        "Failed to fetch namespace after race condition.",
    );
    assert!(
        dashboard_namespace(&s, "brand-new").2,
        "nothing was created"
    );
}

#[test]
fn ratelimit_set_override__another_spelling_updates_the_stored_override_which_matches_by_bytes() {
    let s = Server::start(&[]);
    let set = |identifier: &str, limit: i64| {
        s.ok(
            "ratelimit.setOverride",
            json!({"namespace": "n", "identifier": identifier, "limit": limit, "duration": 60000}),
        )["overrideId"]
            .as_str()
            .unwrap()
            .to_string()
    };
    s.ok(
        "ratelimit.limit",
        json!({"namespace": "n", "identifier": "x", "limit": 1, "duration": 60000}),
    );
    let id = set("caf\u{e9}", 5);
    assert_eq!(set("cafe\u{301}", 7), id);
    assert_eq!(set("caf\u{e9}\u{1}", 8), id);
    let list = s.ok("ratelimit.listOverrides", json!({"namespace": "n"}));
    assert_eq!(
        list,
        json!([{"overrideId": id, "identifier": "caf\u{e9}", "limit": 8, "duration": 60000}])
    );
    assert_ne!(set("Caf\u{e9}", 9), id, "case counts");
    // getOverride and ratelimit.limit match the namespace's overrides in Go, by bytes.
    assert_eq!(
        s.call(
            "ratelimit.getOverride",
            json!({"namespace": "n", "identifier": "cafe\u{301}"})
        )
        .status,
        404
    );
    let applied = |identifier: &str| {
        s.ok(
            "ratelimit.limit",
            json!({"namespace": "n", "identifier": identifier, "limit": 100, "duration": 60000}),
        )["overrideId"]
            .clone()
    };
    assert_eq!(applied("caf\u{e9}"), json!(id));
    assert_eq!(applied("cafe\u{301}"), Value::Null);
}
