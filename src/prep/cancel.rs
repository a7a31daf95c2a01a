//! Prep helpers: cancel.
