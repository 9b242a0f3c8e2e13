//! The response body type: a whole buffer, (for the `truncate` fault) the first part of one
//! followed by an error, which makes hyper drop the connection mid-body, or (for a `body` fault
//! with `padBytes` or `endless`) a buffer followed by spaces, so many or without end.

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
    /// A body, then `pad` spaces (`None`: spaces for ever), sent in chunks of [`PAD_CHUNK`].
    Padded {
        /// The body, until sent.
        head: Option<Bytes>,
        /// Spaces still to send; `None` for a body that never ends.
        pad: Option<u64>,
    },
}

/// Spaces per chunk of a [`LocalBody::Padded`] body.
pub const PAD_CHUNK: usize = 64 * 1024;

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
            LocalBody::Padded { head, pad } => {
                if let Some(b) = head.take() {
                    return Poll::Ready(Some(Ok(Frame::data(b))));
                }
                let n = match pad {
                    Some(0) => return Poll::Ready(None),
                    Some(left) => {
                        let n = (*left).min(PAD_CHUNK as u64);
                        *left -= n;
                        n as usize
                    }
                    None => PAD_CHUNK,
                };
                Poll::Ready(Some(Ok(Frame::data(Bytes::from(vec![b' '; n])))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(
            self,
            LocalBody::Full(None)
                | LocalBody::Padded {
                    head: None,
                    pad: Some(0)
                }
        )
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            LocalBody::Full(Some(b)) => SizeHint::with_exact(b.len() as u64),
            _ => SizeHint::default(),
        }
    }
}
