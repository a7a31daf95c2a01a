//! Registration: buffers.
