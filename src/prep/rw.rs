//! Prep helpers: rw.
