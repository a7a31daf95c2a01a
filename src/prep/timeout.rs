//! Prep helpers: timeout.
