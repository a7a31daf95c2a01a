//! `Timespec`: the kernel's 64-bit timespec, for timeouts and waits.

use crate::sys::__kernel_timespec;
use core::time::Duration;

/// A point in time or a span, as io_uring timeouts take it
/// (`struct __kernel_timespec`).
///
/// ```
/// use riouring::Timespec;
/// use std::time::Duration;
/// let ts = Timespec::from(Duration::from_millis(1500));
/// assert_eq!((ts.sec(), ts.nsec()), (1, 500_000_000));
/// ```
#[doc(alias = "__kernel_timespec")]
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Timespec(pub(crate) __kernel_timespec);

impl Timespec {
    /// `sec` seconds and `nsec` nanoseconds.
    pub const fn new(sec: i64, nsec: i64) -> Timespec {
        Timespec(__kernel_timespec { tv_sec: sec, tv_nsec: nsec })
    }

    /// Seconds.
    pub const fn sec(&self) -> i64 {
        self.0.tv_sec
    }

    /// Nanoseconds.
    pub const fn nsec(&self) -> i64 {
        self.0.tv_nsec
    }

    /// The raw kernel struct.
    pub const fn as_raw(&self) -> &__kernel_timespec {
        &self.0
    }
}

impl From<Duration> for Timespec {
    fn from(d: Duration) -> Timespec {
        Timespec::new(d.as_secs() as i64, d.subsec_nanos() as i64)
    }
}

impl From<__kernel_timespec> for Timespec {
    fn from(ts: __kernel_timespec) -> Timespec {
        Timespec(ts)
    }
}
