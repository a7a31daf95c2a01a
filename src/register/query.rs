//! Registration: query.
