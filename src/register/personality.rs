//! Registration: personality.
