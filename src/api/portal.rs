use crate::models::*;

super::namespace! {
    /// `portal.*`: customer-portal sessions. Mint a session for one of your end users and
    /// redirect them to its URL; the portal (or your own backend) redeems the URL's code for the
    /// end user's access token. The portal's own operations (`listKeys`, `rerollKey`,
    /// `getVerifications`) are authenticated by that token as the `portal_session` cookie, in
    /// the end user's browser, and take no root key: they are not methods of this client.
    ///
    /// ```no_run
    /// # #[cfg(feature = "reqwest")]
    /// # async fn run() -> unkey_edge::Result<()> {
    /// use unkey_edge::models::{CreatePortalSessionRequest, PortalScope};
    /// let unkey = unkey_edge::Unkey::new("unkey_root")?;
    /// let req = CreatePortalSessionRequest::new("acme", "user_123", vec![PortalScope::KeysRead]);
    /// let session = unkey.portal().create_session(req).await?.data;
    /// println!("redirect to {}", session.url);
    /// # Ok(())
    /// # }
    /// ```
    Portal {
        /// Creates a portal session (`POST /v2/portal.createSession`).
        fn create_session(CreatePortalSessionRequest) -> PortalSessionData = CREATE_SESSION;
        /// Redeems a portal URL's code for an access token (`POST /v2/portal.exchangeCode`).
        fn exchange_code(ExchangePortalCodeRequest) -> PortalAccessData = EXCHANGE_CODE;
    }
}
