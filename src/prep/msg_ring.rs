//! Prep helpers: msg_ring.
