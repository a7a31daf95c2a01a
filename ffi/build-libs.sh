#!/usr/bin/env bash
# Link riouring-ffi's static library into the two shared objects that stand
# in for liburing: liburing.so.2 (liburing.map) and liburing-ffi.so.2
# (liburing-ffi.map), each with liburing's soname and symbol versions.
#
# usage: ffi/build-libs.sh [STATICLIB OUTDIR]
#   With no arguments: builds riouring-ffi in release mode and writes the
#   libraries to target/release/riouring-libs/.
# OUTDIR receives liburing.so.2, liburing-ffi.so.2 and the link names
# liburing.so, liburing-ffi.so (symlinks) for `cc -L OUTDIR -luring`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ $# -eq 0 ]; then
    root="$(dirname "$here")"
    (cd "$root" && cargo build --release -p riouring-ffi)
    target="${CARGO_TARGET_DIR:-$root/target}"
    set -- "$target/release/libriouring_ffi.a" "$target/release/riouring-libs"
fi
if [ $# -ne 2 ]; then
    echo "usage: $0 [STATICLIB OUTDIR]" >&2
    exit 2
fi
lib="$1"
out="$2"
mkdir -p "$out"

# The native libraries the Rust standard library needs
# (rustc --print native-static-libs).
native="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"

link() { # link <map> <soname>
    # --whole-archive: every exported function is in the archive; the
    # version script then keeps exactly the map's names global.
    # -Bsymbolic-functions: calls between exports (io_uring_wait_cqe_timeout
    # -> io_uring_wait_cqes) bind inside the library, as liburing's do.
    # shellcheck disable=SC2086
    ${CC:-cc} -shared -o "$out/$2" \
        -Wl,--whole-archive "$lib" -Wl,--no-whole-archive \
        -Wl,--version-script="$here/$1" -Wl,-soname,"$2" \
        -Wl,-Bsymbolic-functions -Wl,--gc-sections -Wl,-z,relro,-z,now -Wl,--no-undefined $native
}

link liburing.map liburing.so.2
link liburing-ffi.map liburing-ffi.so.2
ln -sf liburing.so.2 "$out/liburing.so"
ln -sf liburing-ffi.so.2 "$out/liburing-ffi.so"
