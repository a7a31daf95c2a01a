//! Registration: sync.
