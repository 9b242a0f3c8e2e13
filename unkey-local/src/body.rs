//! The response body type: a whole buffer, or (for the `truncate` fault) the first part of one
//! followed by an error, which makes hyper drop the connection mid-body.

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use std::pin::Pin;
use std::task::{Context, Poll};

/// A response body.
#[derive(Debug)]
pub enum LocalBody {
    /// The whole body.
    Full(Option<Bytes>),
    /// A prefix of the body, then a failure.
    Truncated(Option<Bytes>),
}

impl LocalBody {
    /// A complete body.
    pub fn full(b: impl Into<Bytes>) -> Self {
        LocalBody::Full(Some(b.into()))
    }
}

impl Body for LocalBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.get_mut() {
            LocalBody::Full(b) => Poll::Ready(b.take().map(|b| Ok(Frame::data(b)))),
            LocalBody::Truncated(b) => Poll::Ready(Some(match b.take() {
                Some(b) => Ok(Frame::data(b)),
                None => Err(std::io::Error::other("body truncated by an injected fault")),
            })),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, LocalBody::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            LocalBody::Full(Some(b)) => SizeHint::with_exact(b.len() as u64),
            _ => SizeHint::default(),
        }
    }
}
