//! Creating and dropping rings leaks neither file descriptors nor mappings.
//! Alone in its own test binary, so no other test's rings disturb the counts.

#[path = "support/core.rs"]
mod support;

use riouring::{Ring, sys};
use std::io;
use support::*;

#[test]
fn ten_thousand_rings_leak_nothing() -> io::Result<()> {
    // Warm up whatever the allocator and std keep around.
    drop(Ring::new(8)?);
    let (fds, maps) = (open_fds(), mappings());
    for i in 0..10_000u32 {
        let flags = match i % 4 {
            0 => 0,
            1 => sys::IORING_SETUP_SQE128 | sys::IORING_SETUP_CQE32,
            2 => sys::IORING_SETUP_NO_MMAP,
            _ => sys::IORING_SETUP_NO_MMAP | sys::IORING_SETUP_REGISTERED_FD_ONLY,
        };
        let mut ring = Ring::with_flags(4, flags)?;
        if i % 8 == 4 {
            ring.register_ring_fd()?;
        }
        if i % 100 == 0 {
            nop_round_trip(&mut ring, 0, 2)?;
        }
    }
    assert_eq!(open_fds(), fds, "open fds after 10,000 rings");
    assert_eq!(mappings(), maps, "mappings after 10,000 rings");
    Ok(())
}
