//! What is measured: ring variants, cases, peers, and the read setup
//! (data files, the shared offset sequence, aligned buffers).

use std::alloc::{Layout, alloc_zeroed, dealloc};
use std::fs::File;
use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::path::Path;

/// Size of one read.
pub const BLOCK: usize = 4096;
/// The seed of the offset sequence every peer reads.
pub const SEED: u64 = 0x5EED_1234_ABCD_0042;

/// How the ring is set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// No setup flags.
    Default,
    /// `IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN`.
    SiDt,
    /// As `SiDt`, with the ring fd registered.
    SiDtReg,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::Default, Variant::SiDt, Variant::SiDtReg];

    pub fn flags(self) -> u32 {
        match self {
            Variant::Default => 0,
            Variant::SiDt | Variant::SiDtReg => {
                riouring::sys::IORING_SETUP_SINGLE_ISSUER | riouring::sys::IORING_SETUP_DEFER_TASKRUN
            }
        }
    }

    pub fn reg_fd(self) -> bool {
        self == Variant::SiDtReg
    }

    pub fn label(self) -> &'static str {
        match self {
            Variant::Default => "default",
            Variant::SiDt => "SI+DT",
            Variant::SiDtReg => "SI+DT+reg fd",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Variant::Default => "default",
            Variant::SiDt => "sidt",
            Variant::SiDtReg => "sidtreg",
        }
    }

    pub fn from_key(s: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.key() == s)
    }
}

/// One workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// NOPs in batches: `batch` get+prep, one submit_and_wait(batch), reap.
    Nop { variant: Variant, batch: u32 },
    /// One NOP per submit_and_wait(1), then wait_cqe + cqe_seen.
    RoundTrip { variant: Variant },
    /// 4 KiB random reads from file `file` (index into the read files), `qd`
    /// in flight, into registered buffers when `fixed`.
    Read { file: usize, qd: u32, fixed: bool },
}

/// Who runs the workload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    Riouring,
    IoUring,
    Liburing,
    /// A plain `pread(2)` loop (read cases without registered buffers).
    Pread,
}

impl Peer {
    pub fn label(self) -> &'static str {
        match self {
            Peer::Riouring => "riouring",
            Peer::IoUring => "io-uring crate",
            Peer::Liburing => "C liburing",
            Peer::Pread => "pread loop",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Peer::Riouring => "riouring",
            Peer::IoUring => "io-uring",
            Peer::Liburing => "liburing",
            Peer::Pread => "pread",
        }
    }

    pub fn from_key(s: &str) -> Option<Peer> {
        [Peer::Riouring, Peer::IoUring, Peer::Liburing, Peer::Pread].into_iter().find(|p| p.key() == s)
    }
}

impl Case {
    /// The peers that run this case, riouring first.
    pub fn peers(self) -> Vec<Peer> {
        let mut v = vec![Peer::Riouring, Peer::IoUring, Peer::Liburing];
        if let Case::Read { fixed: false, .. } = self {
            v.push(Peer::Pread);
        }
        v
    }
}

/// splitmix64: the offset generator every peer shares.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// `n` block-aligned offsets inside a file of `size` bytes, from [`SEED`].
pub fn offsets(size: u64, n: usize) -> Vec<u64> {
    let blocks = size / BLOCK as u64;
    let mut rng = SplitMix(SEED);
    (0..n).map(|_| (rng.next_u64() % blocks) * BLOCK as u64).collect()
}

/// A data file: every 4 KiB block starts with its block number (u64, little
/// endian), so each read can be checked.
pub struct DataFile {
    pub file: File,
    pub size: u64,
}

impl DataFile {
    /// Write a file of `size` bytes at `path`, flush it to disk (so that
    /// writeback does not run during the measurement) and read it once
    /// (so that every page is in the page cache).
    pub fn create(path: &Path, size: u64) -> io::Result<DataFile> {
        let mut f = File::options().read(true).write(true).create(true).truncate(true).open(path)?;
        let chunk_blocks = 256;
        let mut chunk = vec![0xA5u8; chunk_blocks * BLOCK];
        let blocks = size / BLOCK as u64;
        let mut b = 0;
        while b < blocks {
            let n = chunk_blocks.min((blocks - b) as usize);
            for i in 0..n {
                chunk[i * BLOCK..i * BLOCK + 8].copy_from_slice(&(b + i as u64).to_le_bytes());
            }
            f.write_all(&chunk[..n * BLOCK])?;
            b += n as u64;
        }
        f.sync_all()?;
        let mut buf = AlignedBuf::new(1 << 20);
        let mut off = 0;
        while off < size {
            // SAFETY: buf is valid for writes of its whole length.
            let r = unsafe { libc::pread(f.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), off as i64) };
            if r <= 0 {
                return Err(io::Error::last_os_error());
            }
            off += r as u64;
        }
        Ok(DataFile { file: f, size })
    }

    pub fn fd(&self) -> i32 {
        self.file.as_raw_fd()
    }
}

/// A zeroed, page-aligned heap buffer.
pub struct AlignedBuf {
    ptr: *mut u8,
    layout: Layout,
}

impl AlignedBuf {
    pub fn new(len: usize) -> AlignedBuf {
        let layout = Layout::from_size_align(len.max(1), 4096).expect("valid layout");
        // SAFETY: layout has a non-zero size.
        let ptr = unsafe { alloc_zeroed(layout) };
        assert!(!ptr.is_null(), "out of memory");
        AlignedBuf { ptr, layout }
    }

    pub fn len(&self) -> usize {
        self.layout.size()
    }

    pub fn as_mut_ptr(&mut self) -> *mut u8 {
        self.ptr
    }

    /// The block number tag at the start of slot `slot` (4 KiB slots).
    #[inline(always)]
    pub fn tag(&self, slot: usize) -> u64 {
        debug_assert!((slot + 1) * BLOCK <= self.len());
        // SAFETY: slot * BLOCK + 8 is inside the buffer (slots are whole
        // blocks); unaligned read of initialized bytes.
        unsafe { self.ptr.add(slot * BLOCK).cast::<u64>().read_unaligned() }
    }

    /// One iovec per 4 KiB slot, for registering the slots as buffers.
    pub fn iovecs(&mut self, slots: usize) -> Vec<libc::iovec> {
        assert!(slots * BLOCK <= self.len());
        (0..slots)
            .map(|i| {
                // SAFETY: slot i < slots is inside the buffer (asserted above).
                let base = unsafe { self.ptr.add(i * BLOCK) };
                libc::iovec { iov_base: base.cast(), iov_len: BLOCK }
            })
            .collect()
    }
}

impl Drop for AlignedBuf {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe { dealloc(self.ptr, self.layout) };
    }
}

/// An error for a completion that is not what the workload expects.
pub fn proto_err(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

/// Everything a read run needs: the file, the offsets, where to read.
pub struct ReadJob<'a> {
    pub fd: i32,
    pub offs: &'a [u64],
    pub qd: u32,
    pub fixed: bool,
}
