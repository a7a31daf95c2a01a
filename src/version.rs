//! The liburing release this port matches.

/// Major version of the liburing API riouring implements.
///
/// liburing: `IO_URING_VERSION_MAJOR`.
#[doc(alias = "IO_URING_VERSION_MAJOR")]
pub const VERSION_MAJOR: i32 = 2;

/// Minor version of the liburing API riouring implements (2.15, plus the
/// additions on liburing's master branch up to `io_uring_prep_cmd_zone_reset_all`).
///
/// liburing: `IO_URING_VERSION_MINOR`.
#[doc(alias = "IO_URING_VERSION_MINOR")]
pub const VERSION_MINOR: i32 = 15;

/// The major version of this library at run time.
///
/// liburing: [`io_uring_major_version`](https://man7.org/linux/man-pages/man3/io_uring_major_version.3.html).
#[doc(alias = "io_uring_major_version")]
pub fn major_version() -> i32 {
    VERSION_MAJOR
}

/// The minor version of this library at run time.
///
/// liburing: [`io_uring_minor_version`](https://man7.org/linux/man-pages/man3/io_uring_minor_version.3.html).
#[doc(alias = "io_uring_minor_version")]
pub fn minor_version() -> i32 {
    VERSION_MINOR
}

/// `true` if this library is OLDER than `major.minor` (liburing's odd but
/// documented sense: "check failed").
///
/// liburing: [`io_uring_check_version`](https://man7.org/linux/man-pages/man3/io_uring_check_version.3.html).
#[doc(alias = "io_uring_check_version", alias = "IO_URING_CHECK_VERSION")]
pub fn check_version(major: i32, minor: i32) -> bool {
    major > VERSION_MAJOR || (major == VERSION_MAJOR && minor > VERSION_MINOR)
}
