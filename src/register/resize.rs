//! Registration: resize.
