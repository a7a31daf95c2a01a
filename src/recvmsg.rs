//! Multishot recvmsg buffer parsing.
