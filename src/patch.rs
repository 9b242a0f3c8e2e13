//! `Patch<T>`: a field of a partial update that is absent, `null` or a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A tri-state field for partial updates (`keys.updateKey`, `keys.updateCredits`):
/// absent leaves the stored value unchanged, `null` clears it, a value sets it.
///
/// Fields of this type carry `#[serde(default, skip_serializing_if = "Patch::is_absent")]`.
/// The request setters fill them in: `.name(v)` sets, `.clear_name()` sends `null`.
///
/// ```
/// use serde_json::json;
/// use unkey_edge::{models::UpdateKeyRequest, Patch};
///
/// let req = UpdateKeyRequest::new("key_123")
///     .name("renamed") // set
///     .clear_expires(); // null: the key never expires
/// assert_eq!(req.name, Patch::Value("renamed".to_string()));
/// assert_eq!(req.expires, Patch::Null);
/// assert!(req.meta.is_absent()); // untouched: left out of the request
/// assert_eq!(
///     serde_json::to_value(&req).unwrap(),
///     json!({ "keyId": "key_123", "name": "renamed", "expires": null })
/// );
///
/// // From an `Option`: `Some` sets, `None` clears.
/// assert_eq!(Patch::from(Some(5)), Patch::Value(5));
/// assert_eq!(Patch::<i64>::from(None), Patch::Null);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Patch<T> {
    /// Not sent: unchanged.
    #[default]
    Absent,
    /// Sent as `null`: cleared.
    Null,
    /// Sent as the value: set.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether the field is left out of the request.
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }
    /// The value, if one is set.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Patch::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some(v)` sets, `None` clears.
    fn from(v: Option<T>) -> Self {
        v.map_or(Patch::Null, Patch::Value)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Value(v) => v.serialize(s),
            // `Absent` is skipped by `skip_serializing_if`; if not, `null` is the safe reading.
            Patch::Absent | Patch::Null => s.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(d)?.into())
    }
}
