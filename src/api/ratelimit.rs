use alloc::string::String;

use futures_core::Stream;

use crate::cache::wall_ms;
use crate::engine::CallOptions;
use crate::error::{Error, Result};
use crate::guard::denials::Denials;
use crate::guard::LimitState;
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

impl<'c, T: Transport, C: Timer> Ratelimit<'c, T, C> {
    /// A rate limiter for `namespace` and `window`, as `@unkey/ratelimit`'s `Ratelimit` (and
    /// `unkey-edge/ratelimit` in JS) is one: see [`Limiter`]. It keeps this handle's options.
    ///
    /// ```no_run
    /// # #[cfg(feature = "reqwest")]
    /// # async fn run() -> unkey_edge::Result<()> {
    /// use unkey_edge::models::Window;
    /// let unkey = unkey_edge::Unkey::new("unkey_root")?;
    /// let emails = unkey.ratelimit().limiter("email", Window::per_minute(10));
    /// for user in ["user_1", "user_1", "user_2"] {
    ///     if !emails.limit(user).await?.success {
    ///         println!("{user}: try again later");
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn limiter(&self, namespace: impl Into<String>, window: Window) -> Limiter<'c, T, C> {
        Limiter {
            client: self.client,
            opts: self.opts,
            namespace: namespace.into(),
            window,
            denials: Denials::default(),
        }
    }
}

/// A rate limiter for one namespace and window ([`Ratelimit::limiter`]): each
/// [`limit`](Limiter::limit) spends tokens with `ratelimit.limit`, and an identifier Unkey denied
/// is answered here, without a request, until the window it was denied in resets (the same
/// memory as the guard's standalone limits). Keep one per namespace rather than one per call:
/// the memory is the limiter's, shared by its clones.
pub struct Limiter<'c, T, C> {
    client: &'c crate::client::Unkey<T, C>,
    opts: CallOptions,
    namespace: String,
    window: Window,
    denials: Denials,
}

impl<T, C> Clone for Limiter<'_, T, C> {
    fn clone(&self) -> Self {
        Limiter {
            client: self.client,
            opts: self.opts,
            namespace: self.namespace.clone(),
            window: self.window,
            denials: self.denials.clone(),
        }
    }
}

impl<T, C> core::fmt::Debug for Limiter<'_, T, C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Limiter")
            .field("namespace", &self.namespace)
            .field("window", &self.window)
            .field("denials", &self.denials)
            .finish_non_exhaustive()
    }
}

impl<T: Transport, C: Timer> Limiter<'_, T, C> {
    /// Spends one token of `identifier`'s budget. Over the limit is `Ok` with
    /// `success: false`; an identifier already denied gets that answer again (its `limit` and
    /// `reset`, `remaining: 0`) without a request until `reset`.
    ///
    /// # Errors
    /// As [`Ratelimit::limit`].
    pub async fn limit(&self, identifier: &str) -> Result<LimitData> {
        self.limit_cost(identifier, 1).await
    }

    /// [`Limiter::limit`] spending `cost` tokens (0 only checks).
    ///
    /// # Errors
    /// As [`Ratelimit::limit`].
    pub async fn limit_cost(&self, identifier: &str, cost: i64) -> Result<LimitData> {
        let req = LimitRequest::with_window(&self.namespace, identifier, self.window).cost(cost);
        // The request as sent names the denial, as in the guard.
        let key = serde_json::to_string(&req)
            .map_err(|e| Error::Config(alloc::format!("cannot encode the request: {e}")))?;
        if let Some(denied) = self.denials.get(&key, wall_ms()) {
            return Ok(LimitData {
                limit: denied.limit as i64,
                remaining: 0,
                reset: denied.reset_ms as i64,
                success: false,
                override_id: None,
            });
        }
        let data = Ratelimit {
            client: self.client,
            opts: self.opts,
        }
        .limit(req)
        .await?
        .data;
        let state = LimitState {
            limit: u64::try_from(data.limit).unwrap_or(0),
            remaining: u64::try_from(data.remaining).unwrap_or(0),
            reset_ms: data.reset as f64,
            exceeded: !data.success,
        };
        self.denials.remember(&key, state, wall_ms());
        Ok(data)
    }
}
