//! Registration: iowq.
