//! Prep helpers: buffers.
