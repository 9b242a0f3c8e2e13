use futures_core::Stream;

use crate::error::Result;
use crate::models::*;
use crate::transport::{Timer, Transport};

super::namespace! {
    /// `apis.*`: APIs (keyspaces) and their keys.
    ///
    /// ```no_run
    /// # #[cfg(feature = "reqwest")]
    /// # async fn run() -> unkey_edge::Result<()> {
    /// use futures_util::TryStreamExt;
    /// use unkey_edge::models::ListKeysRequest;
    /// let unkey = unkey_edge::Unkey::new("unkey_root")?;
    /// // every key, fetching pages of 100 as needed
    /// let keys: Vec<_> = unkey.apis().list_keys_stream(ListKeysRequest::new("api_123")).try_collect().await?;
    /// # Ok(())
    /// # }
    /// ```
    Apis
}

impl<'c, T: Transport, C: Timer> Apis<'c, T, C> {
    /// Every key of an API, one page request at a time, starting at `req.cursor`
    /// (`req.limit` is the page size). The stream is `Unpin`: no `pin!` needed. It ends after
    /// the first error, which it yields.
    ///
    /// ```no_run
    /// # #[cfg(feature = "reqwest")]
    /// # async fn run() -> unkey_edge::Result<()> {
    /// use futures_util::StreamExt; // or `futures::StreamExt`
    /// use unkey_edge::models::ListKeysRequest;
    ///
    /// let unkey = unkey_edge::Unkey::new("unkey_root")?;
    /// let mut keys = unkey.apis().list_keys_stream(ListKeysRequest::new("api_123").limit(100));
    /// while let Some(key) = keys.next().await {
    ///     let key = key?;
    ///     println!("{} {:?}", key.key_id, key.name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_keys_stream(
        &self,
        req: ListKeysRequest,
    ) -> impl Stream<Item = Result<KeyData>> + Unpin + 'c {
        super::paginate(
            self.client,
            &crate::ops::LIST_KEYS,
            None,
            self.opts,
            req,
            |r, c| r.cursor = Some(c),
        )
    }
}
