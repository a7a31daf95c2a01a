//! Test helpers of the prep-net branch, shared by tests/prep_net.rs and
//! tests/recvmsg.rs (included with `#[path]`).

#![allow(dead_code)]

use riouring::{CompletionQueueEvent, Ring, SubmissionQueueEntry, Timespec, sys};
use std::ffi::c_void;
use std::mem::{size_of, zeroed};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicU16, Ordering};

#[path = "sqe_fields.rs"]
mod sqe_fields;
pub use sqe_fields::{SqeFields as Fields, fields};

/// Run `f` on a fresh (zeroed) SQE and return all its fields.
pub fn encode(f: impl FnOnce(&mut SubmissionQueueEntry)) -> Fields {
    let mut ring = Ring::new(4).expect("ring");
    let sqe = ring.get_sqe().expect("sqe");
    f(sqe);
    fields(sqe)
}

/// Run `f` on an SQE whose every byte is 0xa5, with flags, user data and
/// personality set, and return all its fields.
pub fn encode_dirty(f: impl FnOnce(&mut SubmissionQueueEntry)) -> Fields {
    let mut ring = Ring::new(4).expect("ring");
    let sqe = ring.get_sqe().expect("sqe");
    // SAFETY: the entry is never submitted; all-0xa5 integers are valid.
    unsafe {
        let raw = sqe.as_raw_mut() as *mut sys::io_uring_sqe as *mut u8;
        std::ptr::write_bytes(raw, 0xa5, 64);
    }
    sqe.set_flags(sys::IOSQE_IO_LINK);
    sqe.set_data64(0xdead_beef);
    sqe.set_personality(3);
    f(sqe);
    fields(sqe)
}

pub const FIVE_SECONDS: Timespec = Timespec::new(5, 0);

/// Wait (at most 5 s) for one completion and consume it.
pub fn wait(ring: &mut Ring) -> CompletionQueueEvent {
    let cqe = ring.wait_cqe_timeout(Some(&FIVE_SECONDS)).expect("a completion within 5 s");
    ring.cqe_seen(&cqe);
    cqe
}

/// Wait at most `ms` milliseconds for a completion.
pub fn wait_for(ring: &mut Ring, ms: i64) -> Option<CompletionQueueEvent> {
    let ts = Timespec::new(ms / 1000, (ms % 1000) * 1_000_000);
    match ring.wait_cqe_timeout(Some(&ts)) {
        Ok(cqe) => {
            ring.cqe_seen(&cqe);
            Some(cqe)
        }
        Err(e) if e.raw_os_error() == Some(libc::ETIME) => None,
        Err(e) => panic!("wait: {e}"),
    }
}

/// Submit everything queued and wait for one completion.
pub fn submit_wait(ring: &mut Ring) -> CompletionQueueEvent {
    ring.submit().expect("submit");
    wait(ring)
}

/// Submit everything queued and wait for `n` completions, returned sorted
/// by user data.
pub fn submit_wait_n(ring: &mut Ring, n: usize) -> Vec<CompletionQueueEvent> {
    ring.submit().expect("submit");
    let mut v: Vec<_> = (0..n).map(|_| wait(ring)).collect();
    v.sort_by_key(|c| c.user_data());
    v
}

/// A ring with a NOP round trip, to show it still works.
pub fn assert_ring_works(ring: &mut Ring) {
    let sqe = ring.get_sqe().unwrap();
    sqe.prep_nop();
    sqe.set_data64(0x4e4f50);
    let cqe = submit_wait(ring);
    assert_eq!((cqe.user_data(), cqe.res()), (0x4e4f50, 0));
}

pub fn check(r: libc::c_int, what: &str) -> libc::c_int {
    assert!(r >= 0, "{what}: {}", std::io::Error::last_os_error());
    r
}

pub fn socket(domain: i32, ty: i32) -> OwnedFd {
    // SAFETY: plain syscall; the fd is owned from here on.
    unsafe { OwnedFd::from_raw_fd(check(libc::socket(domain, ty | libc::SOCK_CLOEXEC, 0), "socket")) }
}

pub fn socketpair(ty: i32) -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: fds has room for the two descriptors.
    check(
        unsafe { libc::socketpair(libc::AF_UNIX, ty | libc::SOCK_CLOEXEC, 0, fds.as_mut_ptr()) },
        "socketpair",
    );
    // SAFETY: both fds are fresh and ours.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

pub fn sockaddr_in(ip: [u8; 4], port: u16) -> libc::sockaddr_in {
    // SAFETY: sockaddr_in is plain integers.
    let mut sa: libc::sockaddr_in = unsafe { zeroed() };
    sa.sin_family = libc::AF_INET as u16;
    sa.sin_port = port.to_be();
    sa.sin_addr.s_addr = u32::from_ne_bytes(ip);
    sa
}

pub fn sockaddr_in6_loopback(port: u16) -> libc::sockaddr_in6 {
    // SAFETY: sockaddr_in6 is plain integers.
    let mut sa: libc::sockaddr_in6 = unsafe { zeroed() };
    sa.sin6_family = libc::AF_INET6 as u16;
    sa.sin6_port = port.to_be();
    sa.sin6_addr.s6_addr[15] = 1;
    sa
}

pub fn sa_ptr<T>(sa: &T) -> *const libc::sockaddr {
    (sa as *const T).cast()
}

pub fn sa_len<T>() -> libc::socklen_t {
    size_of::<T>() as libc::socklen_t
}

pub fn local_addr(fd: RawFd) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: sockaddr_storage is plain integers.
    let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
    let mut len = sa_len::<libc::sockaddr_storage>();
    // SAFETY: ss/len are valid for the call.
    check(
        unsafe { libc::getsockname(fd, (&mut ss as *mut libc::sockaddr_storage).cast(), &mut len) },
        "getsockname",
    );
    (ss, len)
}

pub fn peer_addr(fd: RawFd) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: sockaddr_storage is plain integers.
    let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
    let mut len = sa_len::<libc::sockaddr_storage>();
    // SAFETY: ss/len are valid for the call.
    check(
        unsafe { libc::getpeername(fd, (&mut ss as *mut libc::sockaddr_storage).cast(), &mut len) },
        "getpeername",
    );
    (ss, len)
}

/// The bytes of the first `len` bytes of a socket address.
pub fn sa_bytes<T>(sa: &T, len: libc::socklen_t) -> Vec<u8> {
    assert!(len as usize <= size_of::<T>());
    // SAFETY: `len` bytes of `sa` are readable (checked above).
    unsafe { std::slice::from_raw_parts((sa as *const T).cast::<u8>(), len as usize) }.to_vec()
}

pub fn port_of(ss: &libc::sockaddr_storage) -> u16 {
    match ss.ss_family as i32 {
        // SAFETY: the family says which struct the storage holds.
        libc::AF_INET => u16::from_be(unsafe { (*(ss as *const _ as *const libc::sockaddr_in)).sin_port }),
        // SAFETY: as above.
        libc::AF_INET6 => u16::from_be(unsafe { (*(ss as *const _ as *const libc::sockaddr_in6)).sin6_port }),
        f => panic!("family {f}"),
    }
}

pub fn getsockopt_int(fd: RawFd, level: i32, name: i32) -> i32 {
    let mut v: i32 = 0;
    let mut len = size_of::<i32>() as libc::socklen_t;
    // SAFETY: v/len are valid for the call.
    check(unsafe { libc::getsockopt(fd, level, name, (&mut v as *mut i32).cast(), &mut len) }, "getsockopt");
    v
}

pub fn setsockopt_int(fd: RawFd, level: i32, name: i32, v: i32) {
    // SAFETY: v is a valid int for the call.
    check(
        unsafe {
            libc::setsockopt(fd, level, name, (&v as *const i32).cast(), size_of::<i32>() as libc::socklen_t)
        },
        "setsockopt",
    );
}

/// Wait at most 5 s for `fd` to be readable.
pub fn poll_in(fd: RawFd) {
    let mut p = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd.
    let n = check(unsafe { libc::poll(&mut p, 1, 5000) }, "poll");
    assert_eq!(n, 1, "fd {fd} not readable within 5 s");
}

pub fn write_all(fd: RawFd, mut data: &[u8]) {
    while !data.is_empty() {
        // SAFETY: data is a valid buffer.
        let n = check(unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) } as i32, "write");
        data = &data[n as usize..];
    }
}

/// Read exactly `n` bytes (each read bounded by a 5 s poll).
pub fn read_exact(fd: RawFd, n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    let mut got = 0;
    while got < n {
        poll_in(fd);
        // SAFETY: the tail of `out` is a valid buffer.
        let r = check(unsafe { libc::read(fd, out[got..].as_mut_ptr().cast(), n - got) } as i32, "read");
        assert!(r > 0, "EOF after {got} of {n} bytes");
        got += r as usize;
    }
    out
}

/// Read once (bounded by a 5 s poll); returns what `read` returned.
pub fn read_some(fd: RawFd, max: usize) -> Vec<u8> {
    poll_in(fd);
    let mut out = vec![0u8; max];
    // SAFETY: out is a valid buffer.
    let r = check(unsafe { libc::read(fd, out.as_mut_ptr().cast(), max) } as i32, "read");
    out.truncate(r as usize);
    out
}

/// A connected loopback TCP pair (client, server side).
pub fn tcp_pair() -> (OwnedFd, OwnedFd) {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let c = std::net::TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let (s, _) = l.accept().unwrap();
    (OwnedFd::from(c), OwnedFd::from(s))
}

/// A pattern of `n` bytes, different for each `seed`.
pub fn pattern(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
}

/// Register a sparse file table of `n` slots (IORING_REGISTER_FILES2).
pub fn register_sparse_files(ring: &Ring, n: u32) {
    let reg =
        sys::io_uring_rsrc_register { nr: n, flags: sys::IORING_RSRC_REGISTER_SPARSE, ..Default::default() };
    // SAFETY: reg is a valid io_uring_rsrc_register; a sparse table names no memory.
    unsafe {
        ring.register_raw(
            sys::IORING_REGISTER_FILES2,
            (&reg as *const sys::io_uring_rsrc_register).cast(),
            size_of::<sys::io_uring_rsrc_register>() as u32,
        )
    }
    .expect("register sparse file table");
}

/// Register one buffer of `len` bytes (IORING_REGISTER_BUFFERS) and return
/// it. The memory is leaked, so it outlives the ring.
pub fn register_buffer(ring: &Ring, len: usize) -> &'static mut [u8] {
    let buf: &'static mut [u8] = Box::leak(vec![0u8; len].into_boxed_slice());
    let iov = libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: len };
    // SAFETY: the iovec names leaked memory that stays valid forever.
    unsafe { ring.register_raw(sys::IORING_REGISTER_BUFFERS, (&iov as *const libc::iovec).cast(), 1) }
        .expect("register buffer");
    buf
}

/// Move direct descriptor `slot` into the process fd table
/// (IORING_OP_FIXED_FD_INSTALL), to look at it with ordinary syscalls.
pub fn install_fixed(ring: &mut Ring, slot: u32) -> OwnedFd {
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: FIXED_FD_INSTALL names no memory.
    unsafe { sqe.prep_rw(sys::IORING_OP_FIXED_FD_INSTALL, slot as i32, std::ptr::null(), 0, 0) };
    sqe.set_flags(sys::IOSQE_FIXED_FILE);
    let cqe = submit_wait(ring);
    assert!(cqe.res() >= 0, "install slot {slot}: {}", cqe.res());
    // SAFETY: the kernel just installed this fd for us.
    unsafe { OwnedFd::from_raw_fd(cqe.res()) }
}

/// A provided-buffer ring in application memory (what liburing's
/// `br_setup` does without IOU_PBUF_RING_MMAP). Its memory is leaked so
/// that it outlives the ring in any drop order.
pub struct BufRing {
    ring: *mut sys::io_uring_buf,
    entries: u16,
    tail: u16,
    pub bgid: u16,
    data: &'static mut [u8],
    pub buf_len: usize,
}

impl BufRing {
    /// Register group `bgid` with `entries` ring slots (a power of two) and
    /// `nbufs` buffers of `buf_len` bytes (ids 0..nbufs), none published yet.
    pub fn new(ring: &Ring, entries: u16, bgid: u16, nbufs: usize, buf_len: usize) -> BufRing {
        let size = entries as usize * size_of::<sys::io_uring_buf>();
        // SAFETY: anonymous mapping at a kernel-chosen address.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_ANONYMOUS | libc::MAP_PRIVATE,
                -1,
                0,
            )
        };
        assert_ne!(p, libc::MAP_FAILED);
        let reg = sys::io_uring_buf_reg {
            ring_addr: p as u64,
            ring_entries: entries as u32,
            bgid,
            ..Default::default()
        };
        // SAFETY: the ring memory is a fresh mapping that is never unmapped.
        unsafe {
            ring.register_raw(
                sys::IORING_REGISTER_PBUF_RING,
                (&reg as *const sys::io_uring_buf_reg).cast(),
                1,
            )
        }
        .expect("register pbuf ring");
        let data = Box::leak(vec![0u8; nbufs * buf_len].into_boxed_slice());
        BufRing { ring: p.cast(), entries, tail: 0, bgid, data, buf_len }
    }

    /// Queue buffer `bid` with its full length.
    pub fn add(&mut self, bid: u16) {
        self.add_len(bid, self.buf_len as u32);
    }

    /// Queue buffer `bid` with length `len` (not visible until `publish`).
    pub fn add_len(&mut self, bid: u16, len: u32) {
        let idx = (self.tail & (self.entries - 1)) as usize;
        let addr = self.data[bid as usize * self.buf_len..].as_mut_ptr();
        // SAFETY: idx < entries, inside the mapping; the kernel only reads
        // slots past the published tail, and this one is not published yet.
        unsafe {
            let e = self.ring.add(idx);
            (*e).addr = addr as u64;
            (*e).len = len;
            (*e).bid = bid;
        }
        self.tail = self.tail.wrapping_add(1);
    }

    /// Publish every queued buffer: store-release of the tail, paired with
    /// the kernel's load-acquire of it.
    pub fn publish(&mut self) {
        // SAFETY: the tail is the u16 at offset 14 of the mapping, aligned
        // for an AtomicU16; the kernel only reads it.
        let tail = unsafe { AtomicU16::from_ptr((self.ring as *mut u8).add(14).cast()) };
        tail.store(self.tail, Ordering::Release);
    }

    /// Buffer `bid`'s bytes.
    pub fn buf(&self, bid: u16) -> &[u8] {
        &self.data[bid as usize * self.buf_len..(bid as usize + 1) * self.buf_len]
    }

    /// Buffer `bid`'s bytes, to fill for sending.
    pub fn buf_mut(&mut self, bid: u16) -> &mut [u8] {
        &mut self.data[bid as usize * self.buf_len..(bid as usize + 1) * self.buf_len]
    }
}

/// Make `fd` non-blocking.
pub fn set_nonblocking(fd: RawFd) {
    // SAFETY: fcntl on an fd we own.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFL);
        check(libc::fcntl(fd, libc::F_SETFL, fl | libc::O_NONBLOCK), "fcntl");
    }
}

pub fn raw<T: AsRawFd>(f: &T) -> RawFd {
    f.as_raw_fd()
}

pub fn void<T>(p: *mut T) -> *mut c_void {
    p.cast()
}
