//! Prep helpers: poll.
