//! Prep helpers: xattr.
