//! The synchronous baseline: one `pread(2)` per 4 KiB block.

use crate::timing::{Timing, measure};
use crate::workload::{AlignedBuf, BLOCK, ReadJob, proto_err};
use std::io;

/// Read every offset of `job` with `pread`, checking each block's tag.
pub fn read(job: &ReadJob<'_>) -> io::Result<Timing> {
    let mut buf = AlignedBuf::new(BLOCK);
    measure(|| {
        for &off in job.offs {
            // SAFETY: `buf` is valid for BLOCK bytes of writes.
            let r = unsafe { libc::pread(job.fd, buf.as_mut_ptr().cast(), BLOCK, off as i64) };
            if r != BLOCK as isize {
                return Err(if r < 0 { io::Error::last_os_error() } else { proto_err("short read") });
            }
            if buf.tag(0) != off / BLOCK as u64 {
                return Err(proto_err("wrong block"));
            }
        }
        Ok(())
    })
}
