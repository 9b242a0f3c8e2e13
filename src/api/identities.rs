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
    Identities
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
