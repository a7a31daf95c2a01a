//! Prep helpers: fs.
