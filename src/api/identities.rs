use futures_core::Stream;

use crate::error::Result;
use crate::models::*;
use crate::transport::{Timer, Transport};

super::namespace! {
    /// `identities.*`: identities shared by keys and rate limits.
    ///
    /// ```no_run
    /// # #[cfg(feature = "reqwest")]
    /// # async fn run() -> unkey_edge::Result<()> {
    /// use unkey_edge::models::{CreateIdentityRequest, RatelimitConfig, Window};
    /// let unkey = unkey_edge::Unkey::new("unkey_root")?;
    /// let limits = [RatelimitConfig::with_window("requests", Window::per_minute(100)).auto_apply(true)];
    /// unkey.identities().create_identity(CreateIdentityRequest::new("org_1").ratelimits(limits)).await?;
    /// # Ok(())
    /// # }
    /// ```
    Identities {
        /// Creates an identity (`POST /v2/identities.createIdentity`).
        fn create_identity(CreateIdentityRequest) -> CreateIdentityData = CREATE_IDENTITY;
        /// Reads an identity (`POST /v2/identities.getIdentity`).
        fn get_identity(GetIdentityRequest) -> Identity = GET_IDENTITY;
        /// One page of identities (`POST /v2/identities.listIdentities`); see also
        /// [`Identities::list_identities_stream`].
        fn list_identities(ListIdentitiesRequest) -> Vec<Identity> = LIST_IDENTITIES;
        /// Replaces an identity's metadata or rate limits (`POST /v2/identities.updateIdentity`).
        fn update_identity(UpdateIdentityRequest) -> Identity = UPDATE_IDENTITY;
        /// Deletes an identity (`POST /v2/identities.deleteIdentity`); the response has no
        /// data, so `data` is empty.
        fn delete_identity(DeleteIdentityRequest) -> EmptyData = DELETE_IDENTITY;
    }
}

impl<'c, T: Transport, C: Timer> Identities<'c, T, C> {
    /// Every identity, one page request at a time.
    pub fn list_identities_stream(
        &self,
        req: ListIdentitiesRequest,
    ) -> impl Stream<Item = Result<Identity>> + Unpin + 'c {
        super::paginate(
            self.client,
            &crate::ops::LIST_IDENTITIES,
            None,
            self.opts,
            req,
            |r, c| r.cursor = Some(c),
        )
    }
}
