//! Registration: personalities, saved credentials a request can run with.

use crate::ring::Ring;
use crate::sys;
use std::io;

impl Ring {
    /// Save the calling thread's current credentials in the ring and return
    /// their id. A request with that id in its `personality` field
    /// ([`SubmissionQueueEntry::set_personality`](crate::SubmissionQueueEntry::set_personality))
    /// runs with those credentials, whatever the submitter's are then.
    ///
    /// liburing: [`io_uring_register_personality`](https://man7.org/linux/man-pages/man3/io_uring_register_personality.3.html).
    /// Kernel 5.6.
    #[doc(alias = "io_uring_register_personality")]
    pub fn register_personality(&mut self) -> io::Result<u16> {
        // SAFETY: no argument.
        let id = unsafe { self.register_raw(sys::IORING_REGISTER_PERSONALITY, core::ptr::null(), 0)? };
        // The kernel allocates ids in 1..=u16::MAX (the SQE field is 16 bits).
        Ok(id as u16)
    }

    /// Forget personality `id`; requests naming it then fail with `EINVAL`.
    /// `EINVAL` if no such id is registered.
    ///
    /// liburing: [`io_uring_unregister_personality`](https://man7.org/linux/man-pages/man3/io_uring_unregister_personality.3.html).
    /// Kernel 5.6.
    #[doc(alias = "io_uring_unregister_personality")]
    pub fn unregister_personality(&mut self, id: u16) -> io::Result<()> {
        // SAFETY: no argument; the id travels in nr_args.
        unsafe { self.register_raw(sys::IORING_UNREGISTER_PERSONALITY, core::ptr::null(), u32::from(id))? };
        Ok(())
    }
}
