use futures_core::Stream;

use crate::error::Result;
use crate::models::*;
use crate::transport::{Timer, Transport};

super::namespace! {
    /// `ratelimit.*`: standalone rate limits and overrides.
    ///
    /// ```no_run
    /// # #[cfg(feature = "reqwest")]
    /// # async fn run() -> unkey_edge::Result<()> {
    /// use unkey_edge::models::{LimitRequest, Window};
    /// let unkey = unkey_edge::Unkey::new("unkey_root")?;
    /// // 10 requests per minute per user
    /// let check = LimitRequest::with_window("api", "user_42", Window::per_minute(10));
    /// let res = unkey.ratelimit().limit(check).await?;
    /// if !res.data.success {
    ///     println!("retry at {}", res.data.reset);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    Ratelimit
}

impl<'c, T: Transport, C: Timer> Ratelimit<'c, T, C> {
    /// Every override of a namespace, one page request at a time.
    pub fn list_overrides_stream(
        &self,
        req: ListOverridesRequest,
    ) -> impl Stream<Item = Result<Override>> + Unpin + 'c {
        super::paginate(
            self.client,
            &crate::ops::LIST_OVERRIDES,
            None,
            self.opts,
            req,
            |r, c| r.cursor = Some(c),
        )
    }
}
