//! Prep helpers: epoll (`IORING_OP_EPOLL_CTL`, `IORING_OP_EPOLL_WAIT`).

use crate::SubmissionQueueEntry;
use crate::sys;
use std::os::fd::RawFd;

impl SubmissionQueueEntry {
    /// Prepare an `epoll_ctl(2)`: apply `op` (`EPOLL_CTL_ADD`, `_MOD`, `_DEL`)
    /// for `fd` to the epoll instance `epfd`, with the event `ev` (ignored,
    /// and may be `None`, for `EPOLL_CTL_DEL`).
    ///
    /// Completion: `res` 0, or `-errno` as `epoll_ctl(2)` reports it.
    ///
    /// liburing: [`io_uring_prep_epoll_ctl`](https://man7.org/linux/man-pages/man3/io_uring_prep_epoll_ctl.3.html).
    /// Kernel 5.6.
    ///
    /// # Safety
    ///
    /// The kernel copies `*ev` when it consumes the entry: `ev` must stay
    /// valid until the entry is submitted.
    #[doc(alias = "io_uring_prep_epoll_ctl")]
    #[inline]
    pub unsafe fn prep_epoll_ctl(&mut self, epfd: RawFd, fd: RawFd, op: i32, ev: Option<&libc::epoll_event>) {
        let ev = ev.map_or(core::ptr::null(), |e| e as *const libc::epoll_event);
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_epoll_ctl_raw(epfd, fd, op, ev) }
    }

    /// [`prep_epoll_ctl`](Self::prep_epoll_ctl) with liburing's raw pointer
    /// argument.
    ///
    /// liburing: [`io_uring_prep_epoll_ctl`](https://man7.org/linux/man-pages/man3/io_uring_prep_epoll_ctl.3.html).
    ///
    /// # Safety
    ///
    /// `ev` is null (for `EPOLL_CTL_DEL`) or points to an `epoll_event` that
    /// stays valid until the entry is submitted (the kernel copies it then).
    #[doc(alias = "io_uring_prep_epoll_ctl")]
    #[inline]
    pub unsafe fn prep_epoll_ctl_raw(
        &mut self,
        epfd: RawFd,
        fd: RawFd,
        op: i32,
        ev: *const libc::epoll_event,
    ) {
        self.prep_base(sys::IORING_OP_EPOLL_CTL, epfd, ev as u64, op as u32, fd as u32 as u64);
    }

    /// Prepare an `epoll_wait(2)` on the epoll instance `fd`: wait for
    /// events and write up to `events.len()` of them into `events`. `flags`
    /// must be 0.
    ///
    /// Completion: `res` the number of events written, or `-errno`.
    ///
    /// liburing: [`io_uring_prep_epoll_wait`](https://man7.org/linux/man-pages/man3/io_uring_prep_epoll_wait.3.html).
    /// Kernel 6.15.
    ///
    /// # Safety
    ///
    /// The kernel writes the events when the request completes: `events`
    /// must stay valid, and not be accessed, until the completion.
    #[doc(alias = "io_uring_prep_epoll_wait")]
    #[inline]
    pub unsafe fn prep_epoll_wait(&mut self, fd: RawFd, events: &mut [libc::epoll_event], flags: u32) {
        let n = events.len().min(i32::MAX as usize) as i32;
        // SAFETY: forwarded from this function's contract; `n` entries fit
        // in `events`.
        unsafe { self.prep_epoll_wait_raw(fd, events.as_mut_ptr(), n, flags) }
    }

    /// [`prep_epoll_wait`](Self::prep_epoll_wait) with liburing's raw
    /// pointer and count.
    ///
    /// liburing: [`io_uring_prep_epoll_wait`](https://man7.org/linux/man-pages/man3/io_uring_prep_epoll_wait.3.html).
    ///
    /// # Safety
    ///
    /// `events` points to `maxevents` writable `epoll_event`s that stay
    /// valid, and are not accessed, until the completion.
    #[doc(alias = "io_uring_prep_epoll_wait")]
    #[inline]
    pub unsafe fn prep_epoll_wait_raw(
        &mut self,
        fd: RawFd,
        events: *mut libc::epoll_event,
        maxevents: i32,
        flags: u32,
    ) {
        self.prep_base(sys::IORING_OP_EPOLL_WAIT, fd, events as u64, maxevents as u32, 0);
        self.0.op_flags.rw_flags = flags as i32;
    }
}
