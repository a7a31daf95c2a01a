//! The workloads on C liburing (Debian's liburing-dev), through the small C
//! harness in `csrc/liburing_bench.c`. Without liburing-dev every function
//! answers [`Unavailable`].

use crate::timing::Timing;
use crate::workload::{ReadJob, Variant};
use std::io;

/// liburing-dev was not installed when the bench was built.
#[derive(Debug)]
pub struct Unavailable;

/// The result of a C run: `Err(Unavailable)` when the harness is absent.
pub type CResult = Result<io::Result<Timing>, Unavailable>;

#[cfg(has_liburing)]
mod ffi {
    use crate::timing::Timing;
    use core::ffi::{c_char, c_int, c_uint, c_void};

    #[repr(C)]
    #[derive(Default)]
    pub struct LbTiming {
        pub wall_ns: u64,
        pub user_ns: u64,
    }

    impl From<LbTiming> for Timing {
        fn from(t: LbTiming) -> Timing {
            Timing { wall_ns: t.wall_ns, user_ns: t.user_ns }
        }
    }

    unsafe extern "C" {
        pub fn lb_ring_new(entries: c_uint, flags: c_uint, reg_fd: c_int, err: *mut c_int) -> *mut c_void;
        pub fn lb_ring_free(ring: *mut c_void);
        pub fn lb_nop_batch(ring: *mut c_void, batch: c_uint, ops: u64, t: *mut LbTiming) -> c_int;
        pub fn lb_nop_roundtrip(ring: *mut c_void, ops: u64, t: *mut LbTiming) -> c_int;
        pub fn lb_register_buffers(ring: *mut c_void, iov: *const libc::iovec, nr: c_uint) -> c_int;
        pub fn lb_read(
            ring: *mut c_void,
            fd: c_int,
            bufs: *mut c_char,
            qd: c_uint,
            fixed: c_int,
            offs: *const u64,
            ops: u64,
            t: *mut LbTiming,
        ) -> c_int;
    }
}

/// A liburing `struct io_uring`, owned by the C side.
#[cfg(has_liburing)]
struct CRing(*mut core::ffi::c_void);

#[cfg(has_liburing)]
impl CRing {
    fn new(v: Variant, entries: u32) -> io::Result<CRing> {
        let mut err = 0;
        // SAFETY: plain values and a valid out pointer.
        let p = unsafe { ffi::lb_ring_new(entries, v.flags(), v.reg_fd() as i32, &mut err) };
        if p.is_null() { Err(io::Error::from_raw_os_error(-err)) } else { Ok(CRing(p)) }
    }
}

#[cfg(has_liburing)]
impl Drop for CRing {
    fn drop(&mut self) {
        // SAFETY: allocated by lb_ring_new, freed once.
        unsafe { ffi::lb_ring_free(self.0) };
    }
}

#[cfg(has_liburing)]
fn ret(r: i32, t: ffi::LbTiming) -> io::Result<Timing> {
    if r < 0 { Err(io::Error::from_raw_os_error(-r)) } else { Ok(t.into()) }
}

/// Whether the C harness was built.
pub fn available() -> bool {
    cfg!(has_liburing)
}

/// `ops` NOPs in batches of `batch`.
pub fn nop_batch(v: Variant, batch: u32, ops: u64) -> CResult {
    #[cfg(has_liburing)]
    {
        Ok((|| {
            let ring = CRing::new(v, 128)?;
            let mut t = ffi::LbTiming::default();
            // SAFETY: a live ring and a valid out pointer.
            let r = unsafe { ffi::lb_nop_batch(ring.0, batch, ops, &mut t) };
            ret(r, t)
        })())
    }
    #[cfg(not(has_liburing))]
    {
        let _ = (v, batch, ops);
        Err(Unavailable)
    }
}

/// `ops` single NOP round trips.
pub fn roundtrip(v: Variant, ops: u64) -> CResult {
    #[cfg(has_liburing)]
    {
        Ok((|| {
            let ring = CRing::new(v, 128)?;
            let mut t = ffi::LbTiming::default();
            // SAFETY: a live ring and a valid out pointer.
            let r = unsafe { ffi::lb_nop_roundtrip(ring.0, ops, &mut t) };
            ret(r, t)
        })())
    }
    #[cfg(not(has_liburing))]
    {
        let _ = (v, ops);
        Err(Unavailable)
    }
}

/// Random 4 KiB reads, `job.qd` in flight.
pub fn read(job: &ReadJob<'_>) -> CResult {
    #[cfg(has_liburing)]
    {
        use crate::workload::{AlignedBuf, BLOCK};
        Ok((|| {
            assert!(job.qd <= 64);
            let mut bufs = AlignedBuf::new(job.qd as usize * BLOCK);
            let iov = bufs.iovecs(job.qd as usize);
            let ring = CRing::new(Variant::Default, 64)?;
            if job.fixed {
                // SAFETY: `bufs` outlives the ring (dropped after it below).
                let r = unsafe { ffi::lb_register_buffers(ring.0, iov.as_ptr(), iov.len() as u32) };
                if r < 0 {
                    return Err(io::Error::from_raw_os_error(-r));
                }
            }
            let mut t = ffi::LbTiming::default();
            // SAFETY: a live ring; `bufs` holds qd slots of 4 KiB; `offs` is
            // valid for its length.
            let r = unsafe {
                ffi::lb_read(
                    ring.0,
                    job.fd,
                    bufs.as_mut_ptr().cast(),
                    job.qd,
                    job.fixed as i32,
                    job.offs.as_ptr(),
                    job.offs.len() as u64,
                    &mut t,
                )
            };
            drop(ring);
            drop(bufs);
            ret(r, t)
        })())
    }
    #[cfg(not(has_liburing))]
    {
        let _ = job;
        Err(Unavailable)
    }
}
