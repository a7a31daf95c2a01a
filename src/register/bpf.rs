//! Registration: bpf.
