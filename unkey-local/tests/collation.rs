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
    // `LIKE` matches one character with one: `ß` is not `ss` there (it is for `=`). (Terms of
    // four letters or more: the search reads the roles' random ids too, which may hold `ss`.)
    assert!(search("strasse").is_empty());
    assert!(search("rass").is_empty());
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

/// `café` precomposed, and the same under `utf8mb4_0900_as_cs` as `e` + U+0301 and with a
/// U+200D (no weight) inside: three spellings of one rate-limit name (`ratelimits.name`).
const CAFE: &str = "caf\u{e9}";
const CAFE_MARK: &str = "cafe\u{301}";
const CAFE_ZWJ: &str = "ca\u{200d}f\u{e9}";

fn limit(name: &str, limit: i64, auto_apply: bool) -> Value {
    json!({"name": name, "limit": limit, "duration": 60000, "autoApply": auto_apply})
}

/// A list's rate limits as `(name, limit, autoApply)`, in its order.
fn limits(items: &Value) -> Vec<(String, i64, bool)> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["limit"].as_i64().unwrap(),
                r["autoApply"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn key_limits(s: &Server, key_id: &str) -> Value {
    s.ok("keys.getKey", json!({"keyId": key_id}))["ratelimits"].clone()
}

fn identity_limits(s: &Server, identity: &str) -> Value {
    s.ok("identities.getIdentity", json!({"identity": identity}))["ratelimits"].clone()
}

fn not_run(r: &common::Resp, names: &[&str]) {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    r.assert_error(
        400,
        "unkey/application/invalid_input",
        &format!(
            "unkey-local does not run this update of rate limits: the names {} are equal under \
             the column's collation (utf8mb4_0900_as_cs), and which name and values the real \
             server keeps depends on the order Go iterates a map; see the unkey-local README",
            quoted.join(", ")
        ),
    );
}

/// createKey and migrateKeys store a key's list with one `INSERT … ON DUPLICATE KEY UPDATE`
/// (key_insert_ratelimit.sql), which leaves the name of the row it updates: two spellings are
/// one limit with the first name and the later values. verifyKey then finds it by that name
/// byte for byte (a Go map), so the other spelling is a 412.
#[test]
fn create_key_and_migrate_keys__names_equal_under_the_collation_are_one_limit_with_the_first_name()
{
    let s = Server::start(&[]);
    let api = s.create_api();
    let list = json!([
        limit(CAFE, 1, false),
        limit("other", 2, false),
        limit(CAFE_MARK, 3, true)
    ]);
    let expect = vec![(CAFE.to_string(), 3, true), ("other".to_string(), 2, false)];
    let (id, key) = s.create_key(json!({"apiId": api, "ratelimits": list}));
    assert_eq!(limits(&key_limits(&s, &id)), expect);
    let migrated = s.ok(
        "keys.migrateKeys",
        json!({"migrationId": "mig", "apiId": api, "keys": [{"hash": "aGFzaF9jYWZlX2xpbWl0cw", "ratelimits": list}]}),
    )["migrated"][0]["keyId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(limits(&key_limits(&s, &migrated)), expect);

    let v = s.verify(json!({"key": key, "ratelimits": [{"name": CAFE}]}));
    assert_eq!(limits(&v["ratelimits"]), [(CAFE.to_string(), 3, true)]);
    s.call(
        "keys.verifyKey",
        json!({"key": key, "ratelimits": [{"name": CAFE_MARK}]}),
    )
    .assert_error(
        412,
        "unkey/application/precondition_failed",
        &format!(
            "ratelimit '{CAFE_MARK}' was requested but does not exist for key '{id}' and there is no identity connected.%!(EXTRA string=, string=)"
        ),
    );
}

/// createIdentity's upsert (identity_insert_ratelimit.sql) sets `name = VALUES(name)`: two
/// spellings are one limit with the later name and values.
#[test]
fn create_identity__names_equal_under_the_collation_are_one_limit_with_the_later_name() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "cafe_user", "ratelimits": [
            limit(CAFE, 1, false), limit(CAFE_MARK, 3, true), limit(CAFE_ZWJ, 4, false)
        ]}),
    );
    assert_eq!(
        limits(&identity_limits(&s, "cafe_user")),
        [(CAFE_ZWJ.to_string(), 4, false)]
    );
}

/// updateKey matches the stored limits by exact name in Go and upserts the rest in the order
/// Go iterates a map: a new spelling alone replaces the stored limit (a new id); spellings
/// meeting the stored one's exact name keep that row (its id and name), certain only where
/// their values agree; any other such update is refused, nothing changed.
#[test]
fn update_key__names_equal_under_the_collation_meet_in_the_stored_limit_or_are_refused() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api, "ratelimits": [limit(CAFE, 1, false)]}));
    let stored = key_limits(&s, &id)[0]["id"].clone();

    s.ok(
        "keys.updateKey",
        json!({"keyId": id, "ratelimits": [limit(CAFE_MARK, 5, true), limit(CAFE, 5, true)]}),
    );
    let after = key_limits(&s, &id);
    assert_eq!(limits(&after), [(CAFE.to_string(), 5, true)]);
    assert_eq!(after[0]["id"], stored);

    not_run(
        &s.call(
            "keys.updateKey",
            json!({"keyId": id, "name": "renamed", "ratelimits": [limit(CAFE, 6, true), limit(CAFE_MARK, 7, true)]}),
        ),
        &[CAFE, CAFE_MARK],
    );
    let unchanged = s.ok("keys.getKey", json!({"keyId": id}));
    assert!(unchanged.get("name").is_none(), "{unchanged}");
    assert_eq!(unchanged["ratelimits"], after);
    // No stored limit of either exact name: the first the map gives names the row.
    not_run(
        &s.call(
            "keys.updateKey",
            json!({"keyId": id, "ratelimits": [limit(CAFE_MARK, 5, true), limit(CAFE_ZWJ, 5, true)]}),
        ),
        &[CAFE_MARK, CAFE_ZWJ],
    );

    s.ok(
        "keys.updateKey",
        json!({"keyId": id, "ratelimits": [limit(CAFE_MARK, 8, false)]}),
    );
    let replaced = key_limits(&s, &id);
    assert_eq!(limits(&replaced), [(CAFE_MARK.to_string(), 8, false)]);
    assert_ne!(replaced[0]["id"], stored);
}

/// updateIdentity writes an item of a stored limit's exact name by id and inserts the others
/// afterwards with an upsert that takes their name: a second spelling renames the stored limit
/// and gives it its values, while the answer lists what the handler meant to write, both items
/// (the second with an id that is stored nowhere). Two new spellings are refused.
#[test]
fn update_identity__a_second_spelling_renames_the_stored_limit_two_new_ones_are_refused() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "cafe_user", "ratelimits": [limit(CAFE, 1, false)]}),
    );
    let stored = identity_limits(&s, "cafe_user")[0]["id"].clone();

    let answer = s.ok(
        "identities.updateIdentity",
        json!({"identity": "cafe_user", "ratelimits": [limit(CAFE_MARK, 7, true), limit(CAFE, 5, false)]}),
    )["ratelimits"]
        .clone();
    assert_eq!(
        limits(&answer),
        [
            (CAFE_MARK.to_string(), 7, true),
            (CAFE.to_string(), 5, false)
        ]
    );
    assert_eq!(answer[1]["id"], stored);
    assert_ne!(answer[0]["id"], stored);
    let after = identity_limits(&s, "cafe_user");
    assert_eq!(limits(&after), [(CAFE_MARK.to_string(), 7, true)]);
    assert_eq!(after[0]["id"], stored);

    not_run(
        &s.call(
            "identities.updateIdentity",
            json!({"identity": "cafe_user", "meta": {"a": 1}, "ratelimits": [limit(CAFE, 1, true), limit(CAFE_ZWJ, 1, true)]}),
        ),
        &[CAFE, CAFE_ZWJ],
    );
    let unchanged = s.ok("identities.getIdentity", json!({"identity": "cafe_user"}));
    assert!(unchanged.get("meta").is_none(), "{unchanged}");
    assert_eq!(unchanged["ratelimits"], after);
}

/// verifyKey gathers the key's and its identity's limits into a Go map by exact name (the key's
/// winning a name they share byte for byte): spellings equal only under the collation are
/// separate limits, each found by its own bytes, and a third spelling is found by neither.
#[test]
fn verify_key__finds_a_key_or_identity_limit_by_its_exact_name_only() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "cafe_user", "ratelimits": [limit(CAFE_MARK, 2, false)]}),
    );
    let identity = s.ok("identities.getIdentity", json!({"identity": "cafe_user"}));
    let (id, key) = s.create_key(
        json!({"apiId": api, "externalId": "cafe_user", "ratelimits": [limit(CAFE, 1, false)]}),
    );
    let found = |name: &str| {
        let v = s.verify(json!({"key": key, "ratelimits": [{"name": name}]}));
        v["ratelimits"][0]["id"].clone()
    };
    assert_eq!(found(CAFE), key_limits(&s, &id)[0]["id"]);
    assert_eq!(found(CAFE_MARK), identity["ratelimits"][0]["id"]);
    // The identity's limit is listed beside the key's: they do not share a name byte for byte.
    let v = s.verify(json!({"key": key}));
    assert_eq!(
        limits(&v["identity"]["ratelimits"]),
        [(CAFE_MARK.to_string(), 2, false)]
    );
    s.call(
        "keys.verifyKey",
        json!({"key": key, "ratelimits": [{"name": CAFE_ZWJ}]}),
    )
    .assert_error(
        412,
        "unkey/application/precondition_failed",
        &format!(
            "ratelimit '{CAFE_ZWJ}' was requested but does not exist for key '{id}' nor identity: '{}' external ID: 'cafe_user'",
            identity["id"].as_str().unwrap()
        ),
    );
}
