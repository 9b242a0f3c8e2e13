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
    Keys
}
