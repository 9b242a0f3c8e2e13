//! Derive macro for unkey-edge schemas.
