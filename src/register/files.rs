//! Registration: files.
