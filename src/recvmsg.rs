//! Multishot recvmsg buffer parsing.
//!
//! A multishot `recvmsg` (see
//! [`prep_recvmsg_multishot`](crate::SubmissionQueueEntry::prep_recvmsg_multishot))
//! writes each message into one provided buffer, laid out as:
//!
//! ```text
//! | io_uring_recvmsg_out (16 bytes) | name: msg_namelen bytes | control: msg_controllen bytes | payload ... |
//! ```
//!
//! where `msg_namelen` and `msg_controllen` are the sizes of the `msghdr`
//! given at prep time (the regions are always that size; the header says how
//! much of each the kernel filled). [`RecvmsgOut`] reads such a buffer with
//! bounds checks: nothing here reads past the bytes it is given.

// `msg_controllen` and `cmsg_len` are `size_t` on glibc but `socklen_t` on
// musl: the `as usize` casts are needed on some targets only.
#![allow(clippy::unnecessary_cast)]

use crate::sys::io_uring_recvmsg_out;
use core::mem::size_of;

/// Size of the header at the start of the buffer.
const HDR: usize = size_of::<io_uring_recvmsg_out>();
/// Size of a `cmsghdr`.
const CMSG_HDR: usize = size_of::<libc::cmsghdr>();

/// `CMSG_ALIGN`: round up to the alignment of `cmsghdr` lengths (`size_t`).
const fn cmsg_align(len: usize) -> usize {
    let a = size_of::<usize>();
    (len + a - 1) & !(a - 1)
}

/// A validated view of one multishot `recvmsg` buffer: its header, and the
/// name, control and payload areas behind it.
///
/// liburing: `struct io_uring_recvmsg_out *` as returned by
/// [`io_uring_recvmsg_validate`](https://man7.org/linux/man-pages/man3/io_uring_recvmsg_validate.3.html).
#[doc(alias = "io_uring_recvmsg_out")]
#[derive(Clone, Copy, Debug)]
pub struct RecvmsgOut<'a> {
    buf: &'a [u8],
    hdr: io_uring_recvmsg_out,
    /// `msg_namelen` of the prep-time `msghdr`: size of the name area.
    namelen: usize,
    /// `msg_controllen` of the prep-time `msghdr`: size of the control area.
    controllen: usize,
}

impl<'a> RecvmsgOut<'a> {
    /// Check that `buf` can hold the header and the name and control areas
    /// that `msgh` (the `msghdr` given at prep time) asked for, and view it.
    /// `buf` is the part of the provided buffer the completion filled: its
    /// first `cqe.res()` bytes. `None` when it is too short.
    ///
    /// liburing: [`io_uring_recvmsg_validate`](https://man7.org/linux/man-pages/man3/io_uring_recvmsg_validate.3.html).
    #[doc(alias = "io_uring_recvmsg_validate")]
    pub fn validate(buf: &'a [u8], msgh: &libc::msghdr) -> Option<RecvmsgOut<'a>> {
        let namelen = msgh.msg_namelen as usize;
        let controllen = msgh.msg_controllen as usize;
        // Each step is checked on its own, so no sum can overflow.
        let rest = buf.len().checked_sub(HDR)?;
        let rest = rest.checked_sub(namelen)?;
        rest.checked_sub(controllen)?;
        // SAFETY: `buf` holds at least HDR bytes (checked above), and
        // io_uring_recvmsg_out is four u32s, valid for any bit pattern;
        // read_unaligned accepts any alignment.
        let hdr = unsafe { buf.as_ptr().cast::<io_uring_recvmsg_out>().read_unaligned() };
        Some(RecvmsgOut { buf, hdr, namelen, controllen })
    }

    /// The header the kernel wrote at the start of the buffer.
    pub fn header(&self) -> &io_uring_recvmsg_out {
        &self.hdr
    }

    /// Length of the sender's address, as `recvmsg(2)` would report it in
    /// `msg_namelen` (may exceed the name area when it was truncated).
    pub fn namelen(&self) -> u32 {
        self.hdr.namelen
    }

    /// Bytes of control data the kernel wrote.
    pub fn controllen(&self) -> u32 {
        self.hdr.controllen
    }

    /// Payload length as `recvmsg(2)` would return it. When the message did
    /// not fit in the buffer, [`flags`](RecvmsgOut::flags) has `MSG_TRUNC`,
    /// and this counts the whole message only if the request's flags asked
    /// for `MSG_TRUNC` (then it exceeds
    /// [`payload_length`](RecvmsgOut::payload_length)).
    pub fn payloadlen(&self) -> u32 {
        self.hdr.payloadlen
    }

    /// The `MSG_*` flags `recvmsg(2)` would report in `msg_flags`.
    pub fn flags(&self) -> u32 {
        self.hdr.flags
    }

    /// Offset of the name area in the buffer.
    pub fn name_offset(&self) -> usize {
        HDR
    }

    /// The sender's address: the filled part of the name area (at most the
    /// `msg_namelen` given at prep time).
    ///
    /// liburing: [`io_uring_recvmsg_name`](https://man7.org/linux/man-pages/man3/io_uring_recvmsg_name.3.html)
    /// (which points at the whole name area).
    #[doc(alias = "io_uring_recvmsg_name")]
    pub fn name(&self) -> &'a [u8] {
        let len = (self.hdr.namelen as usize).min(self.namelen);
        &self.buf[HDR..HDR + len]
    }

    /// The sender's address copied into a `sockaddr_storage`, with its
    /// length; `None` when no address was received.
    pub fn name_sockaddr(&self) -> Option<(libc::sockaddr_storage, libc::socklen_t)> {
        let name = self.name();
        if name.is_empty() {
            return None;
        }
        // SAFETY: sockaddr_storage is plain integers; all zeros is valid.
        let mut ss: libc::sockaddr_storage = unsafe { core::mem::zeroed() };
        let n = name.len().min(size_of::<libc::sockaddr_storage>());
        // SAFETY: `n` bytes fit both in `name` and in `ss`, which do not
        // overlap (`ss` is a local).
        unsafe {
            core::ptr::copy_nonoverlapping(name.as_ptr(), (&mut ss as *mut libc::sockaddr_storage).cast(), n)
        };
        Some((ss, n as libc::socklen_t))
    }

    /// Offset of the control area in the buffer.
    pub fn control_offset(&self) -> usize {
        HDR + self.namelen
    }

    /// The control data the kernel wrote (at most the `msg_controllen`
    /// given at prep time).
    pub fn control(&self) -> &'a [u8] {
        let start = self.control_offset();
        let len = (self.hdr.controllen as usize).min(self.controllen);
        &self.buf[start..start + len]
    }

    /// The first control message, or `None` when there is none (or not
    /// room for a whole `cmsghdr`).
    ///
    /// liburing: [`io_uring_recvmsg_cmsg_firsthdr`](https://man7.org/linux/man-pages/man3/io_uring_recvmsg_cmsg_firsthdr.3.html).
    #[doc(alias = "io_uring_recvmsg_cmsg_firsthdr")]
    pub fn cmsg_firsthdr(&self) -> Option<RecvmsgCmsg<'a>> {
        RecvmsgCmsg::at(self.control(), 0)
    }

    /// The control message whose `cmsghdr` starts `offset` bytes into the
    /// control area (see [`RecvmsgCmsg::offset`]), if a whole `cmsghdr` fits
    /// there: how a C caller's `cmsghdr` pointer maps back to a view.
    pub fn cmsg_at(&self, offset: usize) -> Option<RecvmsgCmsg<'a>> {
        RecvmsgCmsg::at(self.control(), offset)
    }

    /// The control message after `cmsg`, or `None` when `cmsg` is the last
    /// one (or the next one would not fit in the control data).
    ///
    /// liburing: [`io_uring_recvmsg_cmsg_nexthdr`](https://man7.org/linux/man-pages/man3/io_uring_recvmsg_cmsg_nexthdr.3.html).
    #[doc(alias = "io_uring_recvmsg_cmsg_nexthdr")]
    pub fn cmsg_nexthdr(&self, cmsg: &RecvmsgCmsg<'_>) -> Option<RecvmsgCmsg<'a>> {
        let control = self.control();
        let len = cmsg.hdr.cmsg_len as usize;
        if len < CMSG_HDR {
            return None;
        }
        let next = cmsg.offset.checked_add(cmsg_align(len))?;
        let next_hdr_end = next.checked_add(CMSG_HDR)?;
        if next_hdr_end > control.len() {
            return None;
        }
        let c = RecvmsgCmsg::at(control, next)?;
        let end = next.checked_add(cmsg_align(c.hdr.cmsg_len as usize))?;
        if end > control.len() {
            return None;
        }
        Some(c)
    }

    /// Every control message, in order (`cmsg_firsthdr`, then
    /// `cmsg_nexthdr` until `None`).
    pub fn cmsgs(&self) -> RecvmsgCmsgs<'a> {
        RecvmsgCmsgs { out: *self, next: self.cmsg_firsthdr() }
    }

    /// Offset of the payload in the buffer: after the full name and control
    /// areas.
    pub fn payload_offset(&self) -> usize {
        HDR + self.namelen + self.controllen
    }

    /// The payload bytes present in the buffer.
    ///
    /// liburing: [`io_uring_recvmsg_payload`](https://man7.org/linux/man-pages/man3/io_uring_recvmsg_payload.3.html).
    #[doc(alias = "io_uring_recvmsg_payload")]
    pub fn payload(&self) -> &'a [u8] {
        // validate() checked payload_offset() <= buf.len().
        &self.buf[self.payload_offset()..]
    }

    /// The number of payload bytes present in the buffer (the buffer length
    /// minus the payload offset).
    ///
    /// liburing: [`io_uring_recvmsg_payload_length`](https://man7.org/linux/man-pages/man3/io_uring_recvmsg_payload_length.3.html).
    #[doc(alias = "io_uring_recvmsg_payload_length")]
    pub fn payload_length(&self) -> u32 {
        (self.buf.len() - self.payload_offset()) as u32
    }
}

/// One control message in a multishot `recvmsg` buffer: its `cmsghdr`
/// (copied out) and its data, bounded by the control area.
#[derive(Clone, Copy, Debug)]
pub struct RecvmsgCmsg<'a> {
    hdr: libc::cmsghdr,
    /// Offset of the `cmsghdr` within the control area.
    offset: usize,
    data: &'a [u8],
}

impl<'a> RecvmsgCmsg<'a> {
    /// The control message at `offset` of `control`, if a whole `cmsghdr`
    /// fits there.
    fn at(control: &'a [u8], offset: usize) -> Option<RecvmsgCmsg<'a>> {
        if offset.checked_add(CMSG_HDR)? > control.len() {
            return None;
        }
        // SAFETY: CMSG_HDR bytes at `offset` are within `control` (checked
        // above); cmsghdr is plain integers, valid for any bit pattern, and
        // read_unaligned accepts any alignment.
        let hdr = unsafe { control.as_ptr().add(offset).cast::<libc::cmsghdr>().read_unaligned() };
        let data_start = (offset + cmsg_align(CMSG_HDR)).min(control.len());
        let data_end = offset.saturating_add(hdr.cmsg_len as usize).clamp(data_start, control.len());
        Some(RecvmsgCmsg { hdr, offset, data: &control[data_start..data_end] })
    }

    /// `cmsg_level` (`SOL_SOCKET`, `IPPROTO_IP`, ...).
    pub fn level(&self) -> i32 {
        self.hdr.cmsg_level
    }

    /// `cmsg_type` (`SCM_RIGHTS`, `IP_PKTINFO`, ...).
    pub fn cmsg_type(&self) -> i32 {
        self.hdr.cmsg_type
    }

    /// `cmsg_len`: header plus data length, as the kernel wrote it.
    pub fn cmsg_len(&self) -> usize {
        self.hdr.cmsg_len as usize
    }

    /// The `cmsghdr` itself.
    pub fn header(&self) -> &libc::cmsghdr {
        &self.hdr
    }

    /// Offset of this `cmsghdr` within the control area.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The message's data (`CMSG_DATA` .. `cmsg_len`), cut at the end of the
    /// control area.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }
}

/// Iterator over the control messages of a [`RecvmsgOut`].
#[derive(Clone, Debug)]
pub struct RecvmsgCmsgs<'a> {
    out: RecvmsgOut<'a>,
    next: Option<RecvmsgCmsg<'a>>,
}

impl<'a> Iterator for RecvmsgCmsgs<'a> {
    type Item = RecvmsgCmsg<'a>;

    fn next(&mut self) -> Option<RecvmsgCmsg<'a>> {
        let cur = self.next.take()?;
        self.next = self.out.cmsg_nexthdr(&cur);
        Some(cur)
    }
}
