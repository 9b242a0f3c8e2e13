//! Namespace handles: `client.keys()`, `.apis()`, `.ratelimit()`, `.identities()`,
//! `.permissions()`. Each is a borrowed view of the client plus per-call options.
//!
//! Every method validates its request against the operation's schema before anything is sent
//! (a problem is [`Error::Validation`]), then runs it under the
//! client's deadline and retry policy.

mod analytics;
mod apis;
mod identities;
mod keys;
mod permissions;
mod portal;
mod ratelimit;

pub use analytics::Analytics;
pub use apis::Apis;
pub use identities::Identities;
pub use keys::Keys;
pub use permissions::Permissions;
pub use portal::Portal;
pub use ratelimit::{Limiter, Ratelimit};

use alloc::boxed::Box;
use alloc::collections::{BTreeSet, VecDeque};
use alloc::string::String;
use alloc::vec::Vec;

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::client::Unkey;
use crate::engine::{CallOptions, PortalSession};
use crate::error::{Error, Result};
use crate::ops::Op;
use crate::transport::{Timer, Transport};

/// One namespace handle: a borrowed client and per-call options. Its methods, one per
/// operation, are written by the operation table (`src/ops.rs`, `method!`), so an operation is
/// stated once.
macro_rules! namespace {
    (
        $(#[$sdoc:meta])*
        $name:ident
    ) => {
        $(#[$sdoc])*
        pub struct $name<'c, T, C> {
            pub(crate) client: &'c crate::client::Unkey<T, C>,
            pub(crate) opts: crate::engine::CallOptions,
        }

        impl<T, C> core::fmt::Debug for $name<'_, T, C> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($name)).field("opts", &self.opts).finish_non_exhaustive()
            }
        }

        impl<'c, T: crate::transport::Transport, C: crate::transport::Timer> $name<'c, T, C> {
            pub(crate) fn new(client: &'c crate::client::Unkey<T, C>) -> Self {
                Self { client, opts: crate::engine::CallOptions::default() }
            }

            /// Applies per-call options (timeout, retries) to calls made through this handle.
            #[must_use]
            pub fn with_options(mut self, opts: crate::engine::CallOptions) -> Self {
                self.opts = opts;
                self
            }
        }
    };
}
pub(crate) use namespace;

struct PageState<Req, Item> {
    req: Req,
    /// For the portal session's own list ([`crate::ops::Auth::Session`]).
    session: Option<PortalSession>,
    buffer: VecDeque<Item>,
    done: bool,
    /// Every cursor followed so far: a server that repeats one would otherwise loop for ever.
    followed: BTreeSet<String>,
    /// Yielded once the buffer is empty.
    error: Option<Error>,
}

/// Every item of a paginated operation, fetching pages lazily; stops after the first error. A
/// cursor that was already followed ends the stream with an [`Error::Decode`].
pub(crate) fn paginate<'c, T, C, Req, Item>(
    client: &'c Unkey<T, C>,
    op: &'static Op,
    session: Option<PortalSession>,
    opts: CallOptions,
    req: Req,
    set_cursor: fn(&mut Req, String),
) -> impl Stream<Item = Result<Item>> + Unpin + 'c
where
    T: Transport,
    C: Timer,
    Req: Serialize + 'c,
    Item: DeserializeOwned + 'c,
{
    let state = PageState {
        req,
        session,
        buffer: VecDeque::new(),
        done: false,
        followed: BTreeSet::new(),
        error: None,
    };
    // Boxed and pinned, so the stream is `Unpin`: `stream.next().await` works without `pin!`.
    // (Returned as `impl Stream`, not `Pin<Box<dyn Stream>>`, so it stays `Send` exactly when
    // the transport's futures are: natively, not on wasm32.)
    Box::pin(futures_util::stream::unfold(
        state,
        move |mut st| async move {
            loop {
                if let Some(item) = st.buffer.pop_front() {
                    return Some((Ok(item), st));
                }
                if let Some(e) = st.error.take() {
                    return Some((Err(e), st));
                }
                if st.done {
                    return None;
                }
                match client
                    .run::<Req, Vec<Item>>(op, st.session.as_ref(), Some(&st.req), &opts)
                    .await
                {
                    Ok(page) => {
                        st.buffer.extend(page.data);
                        match page.pagination {
                            Some(p) if p.has_more => match p.cursor {
                                Some(cursor) if st.followed.contains(&cursor) => {
                                    // The items of this page first, then the error.
                                    st.done = true;
                                    st.error = Some(repeated_cursor(page.meta.request_id));
                                }
                                Some(cursor) => {
                                    st.followed.insert(cursor.clone());
                                    set_cursor(&mut st.req, cursor);
                                }
                                None => st.done = true,
                            },
                            _ => st.done = true,
                        }
                    }
                    Err(e) => {
                        st.done = true;
                        return Some((Err(e), st));
                    }
                }
            }
        },
    ))
}

/// The error that ends a stream whose server repeated a cursor.
fn repeated_cursor(request_id: String) -> Error {
    Error::Decode {
        status: 200,
        request_id: Some(request_id),
        message: "pagination.cursor repeats an earlier page's, so the pages would never end".into(),
    }
}
