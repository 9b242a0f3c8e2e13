super::namespace! {
    /// `analytics.*`: read-only queries over verification and rate-limit records; each row is
    /// an object whose fields the query chose.
    ///
    /// ```no_run
    /// # #[cfg(feature = "reqwest")]
    /// # async fn run() -> unkey_edge::Result<()> {
    /// use unkey_edge::models::GetVerificationsRequest;
    /// let unkey = unkey_edge::Unkey::new("unkey_root")?;
    /// let q = "SELECT outcome, COUNT(*) AS count FROM key_verifications_v1 GROUP BY outcome";
    /// for row in unkey.analytics().get_verifications(GetVerificationsRequest::new(q)).await?.data {
    ///     println!("{row:?}");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    Analytics
}
