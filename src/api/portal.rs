use futures_core::Stream;

use crate::error::Result;
use crate::models::*;
use crate::transport::{Timer, Transport};
use crate::PortalSession;

super::namespace! {
    /// `portal.*`: customer-portal sessions. Mint a session for one of your end users and
    /// redirect them to its URL; the portal (or your own backend) redeems the URL's code for the
    /// end user's access token. The portal's own operations (`list_keys`, `reroll_key`,
    /// `get_verifications`) act for that end user: each call takes their [`PortalSession`],
    /// sent as the `portal_session` cookie, and never the client's root key.
    ///
    /// ```no_run
    /// # #[cfg(feature = "reqwest")]
    /// # async fn run() -> unkey_edge::Result<()> {
    /// use unkey_edge::models::{CreatePortalSessionRequest, PortalListKeysRequest, PortalScope};
    /// let unkey = unkey_edge::Unkey::new("unkey_root")?;
    /// let req = CreatePortalSessionRequest::new("acme", "user_123", vec![PortalScope::KeysRead]);
    /// let session = unkey.portal().create_session(req).await?.data;
    /// println!("redirect to {}", session.url);
    ///
    /// // Later, with the access token the portal's code was exchanged for:
    /// let end_user = unkey_edge::PortalSession::new("access_token")?;
    /// let keys = unkey.portal().list_keys(&end_user, PortalListKeysRequest::new()).await?.data;
    /// # Ok(())
    /// # }
    /// ```
    Portal
}

impl<'c, T: Transport, C: Timer> Portal<'c, T, C> {
    /// Every key of the session's end user, one page request at a time, starting at
    /// `req.cursor`. `Unpin`; it ends after the first error, which it yields.
    pub fn list_keys_stream(
        &self,
        session: &PortalSession,
        req: PortalListKeysRequest,
    ) -> impl Stream<Item = Result<KeyData>> + Unpin + 'c {
        super::paginate(
            self.client,
            &crate::ops::PORTAL_LIST_KEYS,
            Some(session.clone()),
            self.opts,
            req,
            |r, c| r.cursor = Some(c),
        )
    }
}
