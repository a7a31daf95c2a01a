//! Registration: region.
