use crate::models::*;

super::namespace! {
    /// `keys.*`: verify, create, read, update and delete keys.
    ///
    /// ```no_run
    /// # #[cfg(feature = "reqwest")]
    /// # async fn run() -> unkey_edge::Result<()> {
    /// use unkey_edge::models::{UpdateKeyRequest, VerifyCode, VerifyKeyRequest};
    /// let unkey = unkey_edge::Unkey::new("unkey_root")?;
    /// let res = unkey.keys().verify_key(VerifyKeyRequest::new("sk_123").permissions("docs.read")).await?;
    /// if res.data.code == VerifyCode::Valid {
    ///     let id = res.data.key_id.unwrap_or_default();
    ///     // absent fields stay unchanged; clear_* sends null
    ///     unkey.keys().update_key(UpdateKeyRequest::new(id).name("seen").clear_expires()).await?;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    Keys {
        /// Verifies a key (`POST /v2/keys.verifyKey`). An invalid key is `Ok` with
        /// `valid: false`. Spends credits and rate-limit tokens, so it is retried only when the
        /// request surely did not run (see [`Retries`](crate::Retries)).
        fn verify_key(VerifyKeyRequest) -> VerifyKeyData = VERIFY_KEY;
        /// Creates a key (`POST /v2/keys.createKey`); `data.key` is the secret, shown once.
        fn create_key(CreateKeyRequest) -> CreateKeyData = CREATE_KEY;
        /// Updates a key (`POST /v2/keys.updateKey`); unset fields are kept.
        fn update_key(UpdateKeyRequest) -> EmptyData = UPDATE_KEY;
        /// Deletes a key (`POST /v2/keys.deleteKey`).
        fn delete_key(DeleteKeyRequest) -> EmptyData = DELETE_KEY;
        /// Reads a key by id (`POST /v2/keys.getKey`).
        fn get_key(GetKeyRequest) -> KeyData = GET_KEY;
        /// Reads a key from its secret (`POST /v2/keys.whoami`).
        fn whoami(WhoamiRequest) -> KeyData = WHOAMI;
        /// Replaces a key with a new secret (`POST /v2/keys.rerollKey`).
        fn reroll_key(RerollKeyRequest) -> RerollKeyData = REROLL_KEY;
        /// Changes a key's credits (`POST /v2/keys.updateCredits`).
        fn update_credits(UpdateCreditsRequest) -> Credits = UPDATE_CREDITS;
        /// Imports hashed keys (`POST /v2/keys.migrateKeys`).
        fn migrate_keys(MigrateKeysRequest) -> MigrateKeysData = MIGRATE_KEYS;
        /// Adds permissions to a key (`POST /v2/keys.addPermissions`).
        fn add_permissions(AddPermissionsRequest) -> Vec<Permission> = ADD_PERMISSIONS;
        /// Removes permissions from a key (`POST /v2/keys.removePermissions`).
        fn remove_permissions(RemovePermissionsRequest) -> Vec<Permission> = REMOVE_PERMISSIONS;
        /// Replaces a key's direct permissions (`POST /v2/keys.setPermissions`).
        fn set_permissions(SetPermissionsRequest) -> Vec<Permission> = SET_PERMISSIONS;
        /// Adds roles to a key (`POST /v2/keys.addRoles`).
        fn add_roles(AddRolesRequest) -> Vec<Role> = ADD_ROLES;
        /// Removes roles from a key (`POST /v2/keys.removeRoles`).
        fn remove_roles(RemoveRolesRequest) -> Vec<Role> = REMOVE_ROLES;
        /// Replaces a key's roles (`POST /v2/keys.setRoles`).
        fn set_roles(SetRolesRequest) -> Vec<Role> = SET_ROLES;
    }
}
