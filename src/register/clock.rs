//! Registration: clock.
