//! Prep helpers: path.
