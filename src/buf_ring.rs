//! Provided-buffer rings.
