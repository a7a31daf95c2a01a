//! Prep helpers: futex.
