//! Link settings for the cdylib that cargo builds.
//!
//! The cdylib gets liburing's soname, so that it can stand in for
//! `liburing.so.2` as it is. liburing's symbol versions (`LIBURING_2.0` ...)
//! cannot be applied here: rustc hands the linker its own version script
//! listing every exported symbol, and the linker keeps the first version
//! assigned to a symbol (rust-lld warns and ignores ours; GNU ld refuses to
//! combine the two). `build-libs.sh` therefore links the static library
//! with `liburing.map` / `liburing-ffi.map` into the versioned
//! `liburing.so.2` and `liburing-ffi.so.2`; see README.md.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,liburing.so.2");
}
