//! Registration: eventfd.
