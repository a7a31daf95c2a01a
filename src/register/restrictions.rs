//! Registration: restrictions.
