//! Prep helpers: epoll.
