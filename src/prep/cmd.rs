//! Prep helpers: cmd.
