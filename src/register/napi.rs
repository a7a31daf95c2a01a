//! Registration: napi.
