//! `IORING_SETUP_NO_MMAP` rings on huge pages: riouring's own allocation
//! (a 2 MiB huge page when the SQEs do not fit in one page) and a caller's
//! hugetlb mapping. Alone in its own test binary because it reserves huge
//! pages system-wide (as root) for the duration of the test.

use riouring::{Params, Ring, Timespec, sys};
use std::io;

const NR_HUGEPAGES: &str = "/proc/sys/vm/nr_hugepages";

/// Reserve `n` huge pages for the test, restoring the old count on drop.
struct HugePages(Option<String>);

impl HugePages {
    fn reserve(n: usize) -> HugePages {
        let old = std::fs::read_to_string(NR_HUGEPAGES).ok();
        let have: usize = old.as_deref().and_then(|s| s.trim().parse().ok()).unwrap_or(0);
        if have >= n {
            return HugePages(None);
        }
        match std::fs::write(NR_HUGEPAGES, n.to_string()) {
            Ok(()) => HugePages(old),
            Err(_) => HugePages(None),
        }
    }

    fn free() -> usize {
        std::fs::read_to_string("/proc/meminfo")
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("HugePages_Free:").map(|v| v.trim().parse().unwrap_or(0)))
            .unwrap_or(0)
    }
}

impl Drop for HugePages {
    fn drop(&mut self) {
        if let Some(old) = &self.0 {
            let _ = std::fs::write(NR_HUGEPAGES, old.trim());
        }
    }
}

fn nops(ring: &mut Ring, n: u64) -> io::Result<()> {
    for i in 0..n {
        let sqe = ring.get_sqe().expect("room");
        sqe.prep_nop();
        sqe.set_data64(i);
        ring.submit()?;
        let cqe = ring.wait_cqes(1, Some(&Timespec::new(5, 0)), None)?;
        assert_eq!((cqe.user_data(), cqe.res()), (i, 0));
        ring.cqe_seen(&cqe);
    }
    Ok(())
}

#[test]
fn no_mmap_rings_on_huge_pages() -> io::Result<()> {
    let _pages = HugePages::reserve(4);
    if HugePages::free() < 2 {
        // Not root, or no memory for huge pages: riouring must still fail
        // cleanly with the kernel's ENOMEM.
        let e = Ring::with_flags(4096, sys::IORING_SETUP_NO_MMAP).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ENOMEM));
        println!("skipped: no huge pages could be reserved (needs root and free memory)");
        return Ok(());
    }
    // 4096 SQEs are 256 KiB: more than a page, so riouring maps a 2 MiB
    // huge page for them (and the CQ ring fits beside them).
    let before = HugePages::free();
    let mut ring = Ring::with_flags(4096, sys::IORING_SETUP_NO_MMAP)?;
    assert!(HugePages::free() < before, "the ring took a huge page");
    nops(&mut ring, 5000)?;
    drop(ring);
    // The kernel unpins the pages when its deferred ring teardown runs.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while HugePages::free() != before {
        assert!(std::time::Instant::now() < deadline, "dropping the ring never gave the huge page back");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }

    // The caller's own hugetlb mapping, two rings in it.
    let len = 2 << 20;
    // SAFETY: a fresh anonymous hugetlb mapping, unmapped below after the
    // rings using it are dropped.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED | libc::MAP_ANONYMOUS | libc::MAP_HUGETLB,
            -1,
            0,
        )
    };
    assert_ne!(p, libc::MAP_FAILED, "{}", io::Error::last_os_error());
    {
        let mut pa = Params::new();
        // SAFETY: the mapping is 2 MiB, page-aligned, and outlives the rings.
        let (mut a, used) = unsafe { Ring::with_memory(1024, &mut pa, p.cast(), len)? };
        let mut pb = Params::new();
        // SAFETY: the rest of the same mapping, after the first ring's bytes.
        let (mut b, _) = unsafe { Ring::with_memory(1024, &mut pb, p.cast::<u8>().add(used), len - used)? };
        nops(&mut a, 2000)?;
        nops(&mut b, 2000)?;
    }
    // SAFETY: both rings are gone.
    unsafe { libc::munmap(p, len) };
    Ok(())
}
