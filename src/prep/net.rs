//! Prep helpers: net.
