//! A request body as upstream reads it twice: its OpenAPI validator decodes the JSON into Go
//! maps (a member given twice: the later one), then the handler's `json.Unmarshal` decodes it
//! into the operation's request struct (go1.25 `encoding/json`, decode.go), which reads the
//! members in body order, matches a member to a field by its exact name or else
//! case-insensitively ([`fold`]), decodes a repeated or case-folded member into what an earlier
//! one left (a map or struct gains members, a slice's items are decoded over the earlier
//! items), leaves a string, number or bool as it was on `null`, and reads an integer field with
//! `strconv.ParseInt`, so `-0` is 0 and `-0.0` or `1e2` an error.
//!
//! [`read`] keeps the text's order, repeats and integer spellings ([`Json`]);
//! [`Json::validator_view`] is what the validator (and unkey-local's checks) see; [`bind`] is
//! what the handler's struct holds, for the operations whose struct [`shape`] describes.

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};
use std::cell::Cell;
use std::collections::BTreeMap;

/// JSON as written: members in body order with repeats kept, and each number with whether its
/// text is an integer.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number; `integer` when written without `.`, `e` or `E`.
    Number {
        /// Its value as serde_json reads it (`-0` is -0.0).
        value: Number,
        /// Written as an integer.
        integer: bool,
    },
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members in body order.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value as upstream's validator decodes it (`json.Unmarshal` into `any`): a repeated
    /// member's later value; `-0` written as an integer is 0 (the validator compares numbers as
    /// exact rationals, where -0 is 0, so it reads the same), `-0.0` stays -0.0, which the
    /// checks refuse for an integer field as Go's decoder does.
    pub fn validator_view(&self) -> Value {
        self.value(false)
    }

    /// `keep_neg_zero`: `-0` stays -0.0, as Go's decoder reads any number into `any` (a
    /// float64); else it is 0.
    fn value(&self, keep_neg_zero: bool) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number { value, integer } => {
                if *integer && !keep_neg_zero && value.as_f64() == Some(0.0) {
                    Value::from(0)
                } else {
                    Value::Number(value.clone())
                }
            }
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => {
                Value::Array(items.iter().map(|i| i.value(keep_neg_zero)).collect())
            }
            Json::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.value(keep_neg_zero)))
                    .collect(),
            ),
        }
    }
}

/// Reads a body as [`crate::validate::go_unmarshal`] does (nesting, invalid Unicode), keeping
/// what [`Json`] keeps.
pub fn read(bytes: &[u8]) -> Result<Json, String> {
    let mut integers = Vec::new();
    crate::validate::go_prescan(bytes, Some(&mut integers))?;
    crate::validate::go_deserialize(bytes, |de| {
        let next = Cell::new(0);
        Reader {
            integers: &integers,
            next: &next,
        }
        .deserialize(de)
    })
}

/// serde's visitor for [`Json`]: numbers arrive in text order, so the n-th is the n-th of
/// `integers`.
#[derive(Clone, Copy)]
struct Reader<'a> {
    integers: &'a [bool],
    next: &'a Cell<usize>,
}

impl Reader<'_> {
    fn number(self, value: Number) -> Json {
        let at = self.next.get();
        self.next.set(at + 1);
        let integer = self.integers.get(at).copied().unwrap_or(false);
        Json::Number { value, integer }
    }
}

impl<'de> DeserializeSeed<'de> for Reader<'_> {
    type Value = Json;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Reader<'_> {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(self.number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(self.number(n.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<Json, E> {
        let n = Number::from_f64(f).ok_or_else(|| E::custom("number out of range"))?;
        Ok(self.number(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            members.push((key, map.next_value_seed(self)?));
        }
        Ok(Json::Object(members))
    }
}

/// A Go type of a request struct's field, as `encoding/json` decodes into it.
#[derive(Debug, Clone, Copy)]
pub enum Go {
    /// `any` (`interface{}`): replaced by what the JSON holds, numbers as float64.
    Any,
    /// `string` (or a string enum type).
    Str,
    /// `int` or `int64` (64 bits upstream).
    Int,
    /// `bool`.
    Bool,
    /// `[]T`.
    Slice(&'static Go),
    /// `map[string]T`.
    Map(&'static Go),
    /// A struct: its fields' JSON names and types, in declaration order.
    Struct(&'static [(&'static str, Go)]),
    /// `*T`: `null` makes it nil (absent), a value is decoded into what it points to.
    Ptr(&'static Go),
    /// oapi-codegen's `nullable.Nullable[T]`: `null` is an explicit null, a value is decoded by
    /// its `UnmarshalJSON` into a new `T` (nothing of an earlier value is kept).
    Nullable(&'static Go),
}

/// A `json.Unmarshal` into the request struct failed (upstream's 400 "The request body was
/// not valid JSON.", [`crate::validate::BIND_FAILED`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BindFailed;

/// `json` decoded as `encoding/json` decodes it into a new value of type `go`: a struct is the
/// object of the fields that are set, nil is `null` (or, as a field, absent), `Nullable`'s
/// null is `null`. A type mismatch, or a number an integer field's `ParseInt` refuses, is
/// [`BindFailed`] (Go notes it and goes on, but the call fails).
pub fn bind(json: &Json, go: Go) -> Result<Value, BindFailed> {
    Ok(decode(None, json, go)?.map_or(Value::Null, Held::into_value))
}

/// A Go value while a body is decoded into it.
#[derive(Debug)]
enum Held {
    /// A string, number, bool, `any`, or a `Nullable`'s null.
    Value(Value),
    /// A struct's fields that are set, or a map's members.
    Object(BTreeMap<String, Held>),
    /// A slice: its first `len` items, then the items its array still holds past them (Go's
    /// decoder cuts a slice to a later, shorter array's length without clearing the rest, and
    /// decodes a still later, longer array's items over them; growing the array keeps them).
    Slice(Vec<Held>, usize),
}

impl Held {
    fn into_value(self) -> Value {
        match self {
            Held::Value(v) => v,
            Held::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(k, h)| (k, h.into_value()))
                    .collect(),
            ),
            Held::Slice(items, len) => {
                Value::Array(items.into_iter().take(len).map(Held::into_value).collect())
            }
        }
    }

    /// A struct's or map's members, to decode more into.
    fn members(into: Option<Held>) -> BTreeMap<String, Held> {
        match into {
            Some(Held::Object(members)) => members,
            _ => BTreeMap::new(),
        }
    }
}

/// `json` decoded into `into`, a value of type `go` (`None`: nil, or a field not set).
fn decode(into: Option<Held>, json: &Json, go: Go) -> Result<Option<Held>, BindFailed> {
    let value = |v: Value| Ok(Some(Held::Value(v)));
    match (go, json) {
        (Go::Any, j) => value(j.value(true)),
        (Go::Ptr(_) | Go::Slice(_) | Go::Map(_), Json::Null) => Ok(None),
        (Go::Nullable(_), Json::Null) => value(Value::Null),
        // A string, number, bool or struct ignores `null`.
        (Go::Str | Go::Int | Go::Bool | Go::Struct(_), Json::Null) => Ok(into),
        (Go::Ptr(inner), j) => decode(into, j, *inner),
        (Go::Nullable(inner), j) => Ok(Some(
            decode(None, j, *inner)?.unwrap_or(Held::Value(Value::Null)),
        )),
        (Go::Str, Json::String(s)) => value(Value::String(s.clone())),
        (Go::Bool, Json::Bool(b)) => value(Value::Bool(*b)),
        (
            Go::Int,
            Json::Number {
                value: n,
                integer: true,
            },
        ) => match n.as_i64() {
            Some(n) => value(n.into()),
            // `-0` (serde_json's -0.0) is `ParseInt`'s 0; anything else past `i64` fails.
            None if n.as_f64() == Some(0.0) => value(0.into()),
            None => Err(BindFailed),
        },
        // An empty array makes a new empty slice.
        (Go::Slice(_), Json::Array(items)) if items.is_empty() => {
            Ok(Some(Held::Slice(Vec::new(), 0)))
        }
        (Go::Slice(item), Json::Array(items)) => {
            let mut earlier = match into {
                Some(Held::Slice(held, _)) => held.into_iter(),
                _ => Vec::new().into_iter(),
            };
            let mut out = Vec::with_capacity(items.len());
            for it in items {
                let start = earlier.next().or_else(|| zero(*item));
                out.push(decode(start, it, *item)?.unwrap_or(Held::Value(Value::Null)));
            }
            let len = out.len();
            out.extend(earlier);
            Ok(Some(Held::Slice(out, len)))
        }
        (Go::Map(item), Json::Object(members)) => {
            let mut m = Held::members(into);
            for (k, v) in members {
                // Each member's value is decoded into a new element, then stored.
                let set = decode(zero(*item), v, *item)?.unwrap_or(Held::Value(Value::Null));
                m.insert(k.clone(), set);
            }
            Ok(Some(Held::Object(m)))
        }
        (Go::Struct(fields), Json::Object(members)) => {
            let mut m = Held::members(into);
            for (k, v) in members {
                let Some((name, field)) = field_of(fields, k) else {
                    continue; // unknown members are skipped
                };
                let earlier = m.remove(*name);
                if let Some(set) = decode(earlier, v, *field)? {
                    m.insert((*name).to_string(), set);
                }
            }
            Ok(Some(Held::Object(m)))
        }
        _ => Err(BindFailed),
    }
}

/// A new element of type `go` (Go's zero value; `None` for nil and for a struct's fields not
/// set, which the handlers read as absent).
fn zero(go: Go) -> Option<Held> {
    match go {
        Go::Str => Some(Held::Value(Value::String(String::new()))),
        Go::Int => Some(Held::Value(0.into())),
        Go::Bool => Some(Held::Value(Value::Bool(false))),
        Go::Struct(_) => Some(Held::Object(BTreeMap::new())),
        Go::Any | Go::Slice(_) | Go::Map(_) | Go::Ptr(_) | Go::Nullable(_) => None,
    }
}

/// The field a member names: the one of that exact name, else the first whose name folds to
/// the member's ([`fold`]), as decode.go's `byExactName` and then `byFoldedName`.
fn field_of<'f>(fields: &'f [(&'static str, Go)], key: &str) -> Option<&'f (&'static str, Go)> {
    fields.iter().find(|(name, _)| *name == key).or_else(|| {
        let folded = fold(key);
        fields.iter().find(|(name, _)| fold(name) == folded)
    })
}

/// A name as Go's `foldName` (fold.go) compares it: ASCII letters upper-cased, any other rune
/// as the smallest of its `unicode.SimpleFold` set. The only runes outside ASCII whose set
/// holds an ASCII letter are `ſ` (U+017F, with `s`) and `K` (U+212A KELVIN SIGN, with `k`);
/// every other rune folds to one outside ASCII, which no field name (all ASCII) can match, so
/// it is kept as it is.
pub fn fold(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'ſ' => 'S',
            '\u{212A}' => 'K',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// Upstream's `RatelimitRequest` (keys and identities).
const RATELIMIT: Go = Go::Struct(&[
    ("autoApply", Go::Bool),
    ("duration", Go::Int),
    ("limit", Go::Int),
    ("name", Go::Str),
]);
/// `*[]RatelimitRequest`.
const RATELIMITS: Go = Go::Ptr(&Go::Slice(&RATELIMIT));
/// `*map[string]interface{}` (a `meta`).
const META: Go = Go::Ptr(&Go::Map(&Go::Any));
/// `*[]string`.
const STRINGS: Go = Go::Ptr(&Go::Slice(&Go::Str));
/// `*KeyCreditsData` (createKey, migrateKeys).
const KEY_CREDITS: Go = Go::Ptr(&Go::Struct(&[
    (
        "refill",
        Go::Ptr(&Go::Struct(&[
            ("amount", Go::Int),
            ("interval", Go::Str),
            ("refillDay", Go::Int),
        ])),
    ),
    ("remaining", Go::Nullable(&Go::Int)),
]));
/// `V2KeysMigrateKeyData`.
const MIGRATE_KEY: Go = Go::Struct(&[
    ("credits", KEY_CREDITS),
    ("enabled", Go::Ptr(&Go::Bool)),
    ("expires", Go::Ptr(&Go::Int)),
    ("externalId", Go::Ptr(&Go::Str)),
    ("hash", Go::Str),
    ("meta", META),
    ("name", Go::Ptr(&Go::Str)),
    ("permissions", STRINGS),
    ("ratelimits", RATELIMITS),
    ("roles", STRINGS),
]);

/// The request struct upstream's handler decodes the body of `path` into, for the operations
/// whose schema lets a body carry members it does not name (where a member in another case
/// reaches a field): `identities.createIdentity`'s top level and `RatelimitRequest` (keys and
/// identities), `keys.verifyKey`'s rate limits, `keys.rerollKey`/`portal.rerollKey` and the
/// analytics queries (svc/api/openapi/gen.go at the pinned commit).
pub fn shape(path: &str) -> Option<Go> {
    const QUERY: Go = Go::Struct(&[("query", Go::Str)]);
    Some(match path {
        "/v2/identities.createIdentity" => Go::Struct(&[
            ("externalId", Go::Str),
            ("meta", META),
            ("ratelimits", RATELIMITS),
        ]),
        "/v2/identities.updateIdentity" => Go::Struct(&[
            ("identity", Go::Str),
            ("meta", META),
            ("ratelimits", RATELIMITS),
        ]),
        "/v2/keys.createKey" => Go::Struct(&[
            ("apiId", Go::Str),
            ("byteLength", Go::Ptr(&Go::Int)),
            ("credits", KEY_CREDITS),
            ("enabled", Go::Ptr(&Go::Bool)),
            ("expires", Go::Ptr(&Go::Int)),
            ("externalId", Go::Ptr(&Go::Str)),
            ("meta", META),
            ("name", Go::Ptr(&Go::Str)),
            ("permissions", STRINGS),
            ("prefix", Go::Ptr(&Go::Str)),
            ("ratelimits", RATELIMITS),
            ("recoverable", Go::Ptr(&Go::Bool)),
            ("roles", STRINGS),
        ]),
        "/v2/keys.updateKey" => Go::Struct(&[
            (
                "credits",
                Go::Nullable(&Go::Struct(&[
                    (
                        "refill",
                        Go::Nullable(&Go::Struct(&[
                            ("amount", Go::Int),
                            ("interval", Go::Str),
                            ("refillDay", Go::Ptr(&Go::Int)),
                        ])),
                    ),
                    ("remaining", Go::Nullable(&Go::Int)),
                ])),
            ),
            ("enabled", Go::Ptr(&Go::Bool)),
            ("expires", Go::Nullable(&Go::Int)),
            ("externalId", Go::Nullable(&Go::Str)),
            ("keyId", Go::Str),
            ("meta", Go::Nullable(&Go::Map(&Go::Any))),
            ("name", Go::Nullable(&Go::Str)),
            ("permissions", STRINGS),
            ("ratelimits", RATELIMITS),
            ("roles", STRINGS),
        ]),
        "/v2/keys.migrateKeys" => Go::Struct(&[
            ("apiId", Go::Str),
            ("keys", Go::Slice(&MIGRATE_KEY)),
            ("migrationId", Go::Str),
        ]),
        "/v2/keys.verifyKey" => Go::Struct(&[
            ("credits", Go::Ptr(&Go::Struct(&[("cost", Go::Int)]))),
            ("key", Go::Str),
            ("migrationId", Go::Ptr(&Go::Str)),
            ("permissions", Go::Ptr(&Go::Str)),
            (
                "ratelimits",
                Go::Ptr(&Go::Slice(&Go::Struct(&[
                    ("cost", Go::Ptr(&Go::Int)),
                    ("duration", Go::Ptr(&Go::Int)),
                    ("limit", Go::Ptr(&Go::Int)),
                    ("name", Go::Str),
                ]))),
            ),
            ("tags", STRINGS),
        ]),
        "/v2/keys.rerollKey" | "/v2/portal.rerollKey" => {
            Go::Struct(&[("expiration", Go::Int), ("keyId", Go::Str)])
        }
        "/v2/analytics.getVerifications" | "/v2/analytics.getRatelimits" => QUERY,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bound(path: &str, body: &str) -> Result<Value, BindFailed> {
        bind(&read(body.as_bytes()).unwrap(), shape(path).unwrap())
    }

    #[test]
    fn reads_members_in_order_and_integer_text() {
        let j = read(br#"{"b":-0,"a":[-0.0,1e2,"-0"],"b":2}"#).unwrap();
        let Json::Object(members) = &j else { panic!() };
        let names: Vec<_> = members.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["b", "a", "b"]);
        assert!(matches!(members[0].1, Json::Number { integer: true, .. }));
        assert_eq!(
            j.validator_view(),
            json!({"a": [-0.0, 100.0, "-0"], "b": 2})
        );
        let v = read(b"-0").unwrap().validator_view();
        assert!(v.is_u64() || v.is_i64());
    }

    #[test]
    fn folds_as_go() {
        assert_eq!(fold("externalId"), "EXTERNALID");
        assert_eq!(fold("\u{212A}ey"), "KEY");
        assert_eq!(fold("ſtart"), "START");
        assert_ne!(fold("İd"), fold("id"));
    }

    #[test]
    fn binds_as_encoding_json() {
        let p = "/v2/identities.createIdentity";
        assert_eq!(
            bound(p, r#"{"externalId":"a","EXTERNALID":"b","extra":1}"#),
            Ok(json!({"externalId": "b"}))
        );
        assert_eq!(
            bound(p, r#"{"EXTERNALID":"b","externalId":"a"}"#),
            Ok(json!({"externalId": "a"}))
        );
        // null leaves a string as it was, makes a pointer nil; maps gain members.
        assert_eq!(
            bound(
                p,
                r#"{"externalId":"a","externalid":null,"meta":{"x":-0},"Meta":{"y":1}}"#
            ),
            Ok(json!({"externalId": "a", "meta": {"x": -0.0, "y": 1}}))
        );
        assert_eq!(
            bound(p, r#"{"externalId":"a","meta":{"x":1},"META":null}"#),
            Ok(json!({"externalId": "a"}))
        );
        // Items decoded over earlier items.
        assert_eq!(
            bound(
                p,
                r#"{"externalId":"a","ratelimits":[{"name":"n","autoApply":true}],"RateLimits":[{"limit":-0,"LIMIT":3}]}"#
            ),
            Ok(
                json!({"externalId": "a", "ratelimits": [{"name": "n", "autoApply": true, "limit": 3}]})
            )
        );
        // A shorter array cuts the slice; a longer one after it is decoded over what the
        // array still holds; an empty one starts anew.
        let three = r#"{"externalId":"a","ratelimits":[{"name":"x"},{"name":"y","limit":2}],
            "RATELIMITS":[{"name":"z"}],"Ratelimits":[{"limit":1},{"duration":3}]}"#;
        assert_eq!(
            bound(p, three),
            Ok(json!({"externalId": "a", "ratelimits": [
                {"name": "z", "limit": 1}, {"name": "y", "limit": 2, "duration": 3}]}))
        );
        let reset = r#"{"externalId":"a","ratelimits":[{"name":"x"}],"RATELIMITS":[],
            "Ratelimits":[{"limit":1}]}"#;
        assert_eq!(
            bound(p, reset),
            Ok(json!({"externalId": "a", "ratelimits": [{"limit": 1}]}))
        );
        assert_eq!(bound(p, r#"{"externalId":1}"#), Err(BindFailed));
        let r = "/v2/keys.rerollKey";
        assert_eq!(
            bound(r, r#"{"keyId":"k","expiration":-0}"#),
            Ok(json!({"keyId": "k", "expiration": 0}))
        );
        assert_eq!(
            bound(r, r#"{"keyId":"k","expiration":-0.0}"#),
            Err(BindFailed)
        );
        assert_eq!(
            bound(r, r#"{"keyId":"k","expiration":1e2}"#),
            Err(BindFailed)
        );
        assert_eq!(
            bound(r, r#"{"keyId":"k","expiration":9223372036854775808}"#),
            Err(BindFailed)
        );
        assert_eq!(
            bound(r, r#"{"keyId":"k","expiration":-9223372036854775808}"#),
            Ok(json!({"keyId": "k", "expiration": i64::MIN}))
        );
        // Nullable: a new value each time.
        assert_eq!(
            bound(
                "/v2/keys.updateKey",
                r#"{"keyId":"k","credits":{"remaining":1,"refill":null},"credits":{"remaining":2}}"#
            ),
            Ok(json!({"keyId": "k", "credits": {"remaining": 2}}))
        );
    }
}
