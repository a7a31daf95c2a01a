//! Prep helpers: splice.
