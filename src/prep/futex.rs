//! Prep helpers: waiting for children and futexes (`IORING_OP_WAITID`,
//! `IORING_OP_FUTEX_WAIT`, `IORING_OP_FUTEX_WAKE`, `IORING_OP_FUTEX_WAITV`).

use super::clamp_len;
use crate::SubmissionQueueEntry;
use crate::sys;
use core::sync::atomic::AtomicU32;

impl SubmissionQueueEntry {
    /// Prepare a `waitid(2)`: wait for a state change (`options`: `WEXITED`,
    /// `WSTOPPED`, `WNOHANG`, ...) of the child(ren) chosen by `idtype`
    /// (`P_PID`, `P_PGID`, `P_PIDFD`, `P_ALL`) and `id`, and write what
    /// happened into `infop`. `flags` must be 0.
    ///
    /// Completion: `res` 0, or `-errno` as `waitid(2)` reports it
    /// (`-ECHILD` when there is no such child).
    ///
    /// liburing: [`io_uring_prep_waitid`](https://man7.org/linux/man-pages/man3/io_uring_prep_waitid.3.html).
    /// Kernel 6.7.
    ///
    /// # Safety
    ///
    /// The kernel writes `*infop` when the request completes: it must stay
    /// valid, and not be accessed, until the completion.
    #[doc(alias = "io_uring_prep_waitid")]
    #[inline]
    pub unsafe fn prep_waitid(
        &mut self,
        idtype: libc::idtype_t,
        id: libc::id_t,
        infop: Option<&mut libc::siginfo_t>,
        options: i32,
        flags: u32,
    ) {
        let infop = infop.map_or(core::ptr::null_mut(), |i| i as *mut libc::siginfo_t);
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_waitid_raw(idtype, id, infop, options, flags) }
    }

    /// [`prep_waitid`](Self::prep_waitid) with liburing's raw pointer.
    ///
    /// liburing: [`io_uring_prep_waitid`](https://man7.org/linux/man-pages/man3/io_uring_prep_waitid.3.html).
    ///
    /// # Safety
    ///
    /// `infop` is null or points to a `siginfo_t` that stays valid, and is
    /// not accessed, until the completion.
    #[doc(alias = "io_uring_prep_waitid")]
    #[inline]
    pub unsafe fn prep_waitid_raw(
        &mut self,
        idtype: libc::idtype_t,
        id: libc::id_t,
        infop: *mut libc::siginfo_t,
        options: i32,
        flags: u32,
    ) {
        self.prep_base(sys::IORING_OP_WAITID, id as i32, 0, idtype, infop as u64);
        self.0.op_flags.waitid_flags = flags;
        self.0.file_index.file_index = options as u32;
    }

    /// Prepare a futex wait (as `FUTEX_WAIT_BITSET`): sleep while the word
    /// `futex` holds `val`, until a wake whose bitset meets `mask`
    /// (`FUTEX_BITSET_MATCH_ANY` for any). `futex_flags` are futex2 flags
    /// (`FUTEX2_SIZE_U32`, `FUTEX2_PRIVATE`); `flags` must be 0.
    ///
    /// Completion: `res` 0 when woken, `-EAGAIN` if the word did not hold
    /// `val`, `-ECANCELED` if cancelled.
    ///
    /// liburing: [`io_uring_prep_futex_wait`](https://man7.org/linux/man-pages/man3/io_uring_prep_futex_wait.3.html).
    /// Kernel 6.7.
    ///
    /// # Safety
    ///
    /// The kernel reads the word and keys the wait on its address when the
    /// request runs, which may be after submission: `futex` must stay valid
    /// until the completion.
    #[doc(alias = "io_uring_prep_futex_wait")]
    #[inline]
    pub unsafe fn prep_futex_wait(
        &mut self,
        futex: &AtomicU32,
        val: u64,
        mask: u64,
        futex_flags: u32,
        flags: u32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_futex_wait_raw(futex.as_ptr(), val, mask, futex_flags, flags) }
    }

    /// [`prep_futex_wait`](Self::prep_futex_wait) with liburing's raw
    /// pointer.
    ///
    /// liburing: [`io_uring_prep_futex_wait`](https://man7.org/linux/man-pages/man3/io_uring_prep_futex_wait.3.html).
    ///
    /// # Safety
    ///
    /// `futex` points to a futex word of the size `futex_flags` names that
    /// stays valid until the completion.
    #[doc(alias = "io_uring_prep_futex_wait")]
    #[inline]
    pub unsafe fn prep_futex_wait_raw(
        &mut self,
        futex: *const u32,
        val: u64,
        mask: u64,
        futex_flags: u32,
        flags: u32,
    ) {
        self.prep_base(sys::IORING_OP_FUTEX_WAIT, futex_flags as i32, futex as u64, 0, val);
        self.0.op_flags.futex_flags = flags;
        self.0.tail.addr3.addr3 = mask;
    }

    /// Prepare a futex wake (as `FUTEX_WAKE_BITSET`): wake up to `val`
    /// waiters of the word `futex` whose bitset meets `mask`. `futex_flags`
    /// are futex2 flags; `flags` must be 0.
    ///
    /// Completion: `res` the number of waiters woken.
    ///
    /// liburing: [`io_uring_prep_futex_wake`](https://man7.org/linux/man-pages/man3/io_uring_prep_futex_wake.3.html).
    /// Kernel 6.7.
    ///
    /// # Safety
    ///
    /// The kernel keys the wake on the word's address when the request runs,
    /// which may be after submission: `futex` must stay valid until the
    /// completion.
    #[doc(alias = "io_uring_prep_futex_wake")]
    #[inline]
    pub unsafe fn prep_futex_wake(
        &mut self,
        futex: &AtomicU32,
        val: u64,
        mask: u64,
        futex_flags: u32,
        flags: u32,
    ) {
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_futex_wake_raw(futex.as_ptr(), val, mask, futex_flags, flags) }
    }

    /// [`prep_futex_wake`](Self::prep_futex_wake) with liburing's raw
    /// pointer.
    ///
    /// liburing: [`io_uring_prep_futex_wake`](https://man7.org/linux/man-pages/man3/io_uring_prep_futex_wake.3.html).
    ///
    /// # Safety
    ///
    /// `futex` points to a futex word that stays valid until the completion.
    #[doc(alias = "io_uring_prep_futex_wake")]
    #[inline]
    pub unsafe fn prep_futex_wake_raw(
        &mut self,
        futex: *const u32,
        val: u64,
        mask: u64,
        futex_flags: u32,
        flags: u32,
    ) {
        self.prep_base(sys::IORING_OP_FUTEX_WAKE, futex_flags as i32, futex as u64, 0, val);
        self.0.op_flags.futex_flags = flags;
        self.0.tail.addr3.addr3 = mask;
    }

    /// Prepare a wait on several futexes at once (as `futex_waitv(2)`): each
    /// entry of `futexv` names a word, the value it must hold and its futex2
    /// flags; the request completes when any of them is woken. `flags` must
    /// be 0.
    ///
    /// Completion: `res` the index in `futexv` of the futex that was woken,
    /// `-EAGAIN` if a word did not hold its value.
    ///
    /// liburing: [`io_uring_prep_futex_waitv`](https://man7.org/linux/man-pages/man3/io_uring_prep_futex_waitv.3.html).
    /// Kernel 6.7.
    ///
    /// # Safety
    ///
    /// The kernel copies the `futexv` array when it consumes the entry (valid
    /// until submission), and keys the waits on the words it names: every
    /// `uaddr` must point to a futex word that stays valid until the
    /// completion.
    #[doc(alias = "io_uring_prep_futex_waitv")]
    #[inline]
    pub unsafe fn prep_futex_waitv(&mut self, futexv: &[sys::futex_waitv], flags: u32) {
        let n = clamp_len(futexv.len());
        // SAFETY: forwarded from this function's contract.
        unsafe { self.prep_futex_waitv_raw(futexv.as_ptr(), n, flags) }
    }

    /// [`prep_futex_waitv`](Self::prep_futex_waitv) with liburing's raw
    /// pointer and count.
    ///
    /// liburing: [`io_uring_prep_futex_waitv`](https://man7.org/linux/man-pages/man3/io_uring_prep_futex_waitv.3.html).
    ///
    /// # Safety
    ///
    /// `futexv` points to `nr_futex` entries that stay valid until
    /// submission, whose words stay valid until the completion.
    #[doc(alias = "io_uring_prep_futex_waitv")]
    #[inline]
    pub unsafe fn prep_futex_waitv_raw(
        &mut self,
        futexv: *const sys::futex_waitv,
        nr_futex: u32,
        flags: u32,
    ) {
        self.prep_base(sys::IORING_OP_FUTEX_WAITV, 0, futexv as u64, nr_futex, 0);
        self.0.op_flags.futex_flags = flags;
    }
}
