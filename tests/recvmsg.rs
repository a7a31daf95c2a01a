//! `RecvmsgOut` (src/recvmsg.rs): the multishot recvmsg buffer parser, on
//! hand-built buffers (every bound) and on buffers the kernel filled from
//! UDP datagrams.

#[path = "support/prep_net.rs"]
mod common;

use common::*;
use riouring::{RecvmsgOut, Ring, sys};
use std::mem::{size_of, zeroed};
use std::os::fd::AsRawFd;

const HDR: usize = 16;
const CMSG_HDR: usize = size_of::<libc::cmsghdr>();

fn msghdr(namelen: u32, controllen: usize) -> libc::msghdr {
    // SAFETY: msghdr is plain integers and pointers; all zeros is valid.
    let mut m: libc::msghdr = unsafe { zeroed() };
    m.msg_namelen = namelen;
    m.msg_controllen = controllen as _;
    m
}

/// A buffer as the kernel lays it out: header, name area, control area,
/// payload.
fn build(
    hdr: [u32; 4],
    name: &[u8],
    name_area: usize,
    control: &[u8],
    control_area: usize,
    payload: &[u8],
) -> Vec<u8> {
    let mut v = Vec::new();
    for w in hdr {
        v.extend_from_slice(&w.to_ne_bytes());
    }
    let mut n = name.to_vec();
    n.resize(name_area, 0xee);
    v.extend_from_slice(&n);
    let mut c = control.to_vec();
    c.resize(control_area, 0xdd);
    v.extend_from_slice(&c);
    v.extend_from_slice(payload);
    v
}

/// One cmsg as bytes: header with `cmsg_len = CMSG_HDR + data.len()` (or
/// `len_override`), data, padded to 8.
fn cmsg(level: i32, ty: i32, data: &[u8], len_override: Option<usize>) -> Vec<u8> {
    let len = len_override.unwrap_or(CMSG_HDR + data.len());
    let mut v = Vec::new();
    v.extend_from_slice(&len.to_ne_bytes());
    v.extend_from_slice(&level.to_ne_bytes());
    v.extend_from_slice(&ty.to_ne_bytes());
    v.extend_from_slice(data);
    while v.len() % 8 != 0 {
        v.push(0);
    }
    v
}

#[test]
fn validate_checks_every_bound() {
    let m = msghdr(16, 32);
    let buf = build([16, 0, 5, 0], &[1; 16], 16, &[], 32, b"hello");
    assert_eq!(buf.len(), HDR + 16 + 32 + 5);
    assert!(RecvmsgOut::validate(&buf, &m).is_some());
    // Exactly header + name + control: valid, empty payload.
    let exact = &buf[..HDR + 16 + 32];
    let o = RecvmsgOut::validate(exact, &m).unwrap();
    assert_eq!((o.payload(), o.payload_length()), (&[][..], 0));
    // One byte short of the control area, of the name area, of the header.
    assert!(RecvmsgOut::validate(&buf[..HDR + 16 + 31], &m).is_none());
    assert!(RecvmsgOut::validate(&buf[..HDR + 15], &m).is_none());
    assert!(RecvmsgOut::validate(&buf[..HDR - 1], &m).is_none());
    assert!(RecvmsgOut::validate(&[], &m).is_none());
    // Absurd prep-time sizes cannot overflow the check.
    let huge = msghdr(u32::MAX, usize::MAX);
    assert!(RecvmsgOut::validate(&buf, &huge).is_none());
    let huge_ctl = msghdr(0, usize::MAX - 8);
    assert!(RecvmsgOut::validate(&buf, &huge_ctl).is_none());
    // No name, no control: the header alone is enough.
    let none = msghdr(0, 0);
    let o = RecvmsgOut::validate(&buf[..HDR], &none).unwrap();
    assert_eq!((o.name(), o.control(), o.payload()), (&[][..], &[][..], &[][..]));
    assert!(o.cmsg_firsthdr().is_none());
    assert!(o.name_sockaddr().is_none());
}

#[test]
fn header_name_payload() {
    let m = msghdr(16, 0);
    let name: Vec<u8> = (1..=8).collect();
    let buf = build([8, 0, 100, libc::MSG_TRUNC as u32], &name, 16, &[], 0, b"payload!");
    let o = RecvmsgOut::validate(&buf, &m).unwrap();
    assert_eq!(
        *o.header(),
        sys::io_uring_recvmsg_out {
            namelen: 8,
            controllen: 0,
            payloadlen: 100,
            flags: libc::MSG_TRUNC as u32
        }
    );
    assert_eq!((o.namelen(), o.controllen(), o.payloadlen(), o.flags()), (8, 0, 100, libc::MSG_TRUNC as u32));
    // name: only the filled bytes of the 16-byte area.
    assert_eq!(o.name(), &name[..]);
    assert_eq!(o.name_offset(), HDR);
    let (ss, len) = o.name_sockaddr().unwrap();
    assert_eq!(len, 8);
    assert_eq!(sa_bytes(&ss, 8), name);
    // payload: after the full name area; its length is what the buffer holds,
    // not the 100 bytes recvmsg would have returned.
    assert_eq!(o.payload_offset(), HDR + 16);
    assert_eq!(o.payload(), b"payload!");
    assert_eq!(o.payload_length(), 8);
    // A name longer than the area (truncated address) is cut at the area.
    let buf = build([200, 0, 0, 0], &[7; 16], 16, &[], 0, b"");
    let o = RecvmsgOut::validate(&buf, &m).unwrap();
    assert_eq!(o.name(), &[7; 16]);
    // Works at any alignment.
    let mut shifted = vec![0u8];
    shifted.extend_from_slice(&build([8, 0, 3, 0], &name, 16, &[], 0, b"abc"));
    let o = RecvmsgOut::validate(&shifted[1..], &m).unwrap();
    assert_eq!((o.name(), o.payload()), (&name[..], &b"abc"[..]));
}

#[test]
fn cmsg_walk_is_bounded() {
    let c1 = cmsg(libc::SOL_SOCKET, libc::SCM_RIGHTS, &[1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0], None);
    let c2 = cmsg(libc::IPPROTO_IP, libc::IP_TTL, &[64, 0, 0, 0], None);
    let mut control = c1.clone();
    control.extend_from_slice(&c2);
    let m = msghdr(0, 64);
    let buf = build([0, control.len() as u32, 2, 0], &[], 0, &control, 64, b"hi");
    let o = RecvmsgOut::validate(&buf, &m).unwrap();
    assert_eq!(o.control(), &control[..]);
    assert_eq!(o.control_offset(), HDR);
    let first = o.cmsg_firsthdr().unwrap();
    assert_eq!(
        (first.level(), first.cmsg_type(), first.cmsg_len()),
        (libc::SOL_SOCKET, libc::SCM_RIGHTS, 28)
    );
    assert_eq!(first.data(), &[1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);
    assert_eq!(first.offset(), 0);
    let second = o.cmsg_nexthdr(&first).unwrap();
    assert_eq!(
        (second.level(), second.cmsg_type(), second.data()),
        (libc::IPPROTO_IP, libc::IP_TTL, &[64, 0, 0, 0][..])
    );
    assert_eq!(second.offset(), 32, "CMSG_ALIGN(28) = 32");
    assert!(o.cmsg_nexthdr(&second).is_none());
    // A message found again by its offset is the same message.
    let again = o.cmsg_at(second.offset()).unwrap();
    assert_eq!(
        (again.level(), again.cmsg_type(), again.data()),
        (second.level(), second.cmsg_type(), second.data())
    );
    assert!(o.cmsg_at(o.control().len()).is_none(), "no cmsghdr fits at the end");
    let all: Vec<_> = o.cmsgs().map(|c| (c.level(), c.cmsg_type())).collect();
    assert_eq!(all, [(libc::SOL_SOCKET, libc::SCM_RIGHTS), (libc::IPPROTO_IP, libc::IP_TTL)]);
    assert_eq!(o.payload(), b"hi");

    // The header's controllen bounds the walk: with only c1 reported, no second.
    let buf = build([0, c1.len() as u32, 0, 0], &[], 0, &control, 64, b"");
    let o = RecvmsgOut::validate(&buf, &m).unwrap();
    assert_eq!(o.cmsgs().count(), 1);

    // Less than a cmsghdr of control data: no first header.
    let buf = build([0, (CMSG_HDR - 1) as u32, 0, 0], &[], 0, &control, 64, b"");
    assert!(RecvmsgOut::validate(&buf, &m).unwrap().cmsg_firsthdr().is_none());

    // A kernel-reported controllen above the prep-time area is cut at the area.
    let small = msghdr(0, 32);
    let buf = build([0, 1000, 0, 0], &[], 0, &control[..32], 32, b"xyz");
    let o = RecvmsgOut::validate(&buf, &small).unwrap();
    assert_eq!(o.control().len(), 32);
    assert_eq!(o.cmsgs().count(), 1, "the second cmsg is outside the area");
    assert_eq!(o.payload(), b"xyz");

    // cmsg_len below a header: the walk stops.
    let bad = cmsg(1, 2, &[0; 8], Some(4));
    let buf = build([0, 48, 0, 0], &[], 0, &[bad.clone(), c2.clone()].concat(), 64, b"");
    let o = RecvmsgOut::validate(&buf, &m).unwrap();
    let f = o.cmsg_firsthdr().unwrap();
    assert_eq!(f.cmsg_len(), 4);
    assert_eq!(f.data(), &[][..], "no data inside a too-short cmsg");
    assert!(o.cmsg_nexthdr(&f).is_none());

    // cmsg_len far past the end: data cut at the control area, no next.
    let huge = cmsg(1, 2, &[9; 8], Some(10_000));
    let buf = build([0, 24, 0, 0], &[], 0, &huge, 64, b"");
    let o = RecvmsgOut::validate(&buf, &m).unwrap();
    let f = o.cmsg_firsthdr().unwrap();
    assert_eq!(f.data(), &[9; 8]);
    assert!(o.cmsg_nexthdr(&f).is_none());
    // A next header whose own length runs past the end is refused.
    let over = cmsg(3, 4, &[0; 8], Some(64));
    let buf = build([0, 48, 0, 0], &[], 0, &[c2.clone(), over].concat(), 64, b"");
    let o = RecvmsgOut::validate(&buf, &m).unwrap();
    let f = o.cmsg_firsthdr().unwrap();
    assert!(o.cmsg_nexthdr(&f).is_none(), "next cmsg (len 64 at 24) passes the 48-byte end");
}

/// Multishot recvmsg over UDP: sender address, payload, and the IP_PKTINFO
/// and SO_TIMESTAMP control messages, read through `RecvmsgOut`.
#[test]
fn recvmsg_multishot_udp_with_parsers() {
    let name_area = size_of::<libc::sockaddr_in>() as u32;
    let control_area = 128;
    // Declared before the ring, so it outlives the request.
    let msg = msghdr(name_area, control_area);
    let mut ring = Ring::new(16).unwrap();
    let rx = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let rx_port = rx.local_addr().unwrap().port();
    setsockopt_int(rx.as_raw_fd(), libc::IPPROTO_IP, libc::IP_PKTINFO, 1);
    setsockopt_int(rx.as_raw_fd(), libc::SOL_SOCKET, libc::SO_TIMESTAMP, 1);
    let senders: Vec<_> = (0..3).map(|_| std::net::UdpSocket::bind("127.0.0.1:0").unwrap()).collect();

    let mut br = BufRing::new(&ring, 8, 2, 8, 256);
    for bid in 0..8 {
        br.add(bid);
    }
    br.publish();
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `msg` outlives the ring, hence the request.
    unsafe { sqe.prep_recvmsg_multishot(rx.as_raw_fd(), &msg, 0) };
    sqe.set_flags(sys::IOSQE_BUFFER_SELECT);
    sqe.set_buf_group(2);
    sqe.set_data64(77);
    ring.submit().unwrap();

    for (i, s) in senders.iter().enumerate() {
        let payload = pattern(20 + i * 7, i as u8);
        s.send_to(&payload, ("127.0.0.1", rx_port)).unwrap();
        let cqe = wait(&mut ring);
        assert_eq!(cqe.user_data(), 77);
        assert!(cqe.res() > 0, "recvmsg: {}", cqe.res());
        assert!(cqe.more(), "multishot stays armed");
        let bid = cqe.buffer_id().unwrap();
        let bytes = &br.buf(bid)[..cqe.res() as usize];
        let o = RecvmsgOut::validate(bytes, &msg).expect("valid buffer");

        // Sender address.
        assert_eq!(o.namelen(), name_area);
        let (ss, len) = o.name_sockaddr().unwrap();
        assert_eq!(len, name_area);
        assert_eq!(port_of(&ss), s.local_addr().unwrap().port());
        let (local, llen) = local_addr(s.as_raw_fd());
        assert_eq!(o.name(), &sa_bytes(&local, llen)[..]);

        // Payload.
        assert_eq!(o.payloadlen() as usize, payload.len());
        assert_eq!(o.payload_length() as usize, payload.len());
        assert_eq!(o.payload(), &payload[..]);
        assert_eq!(o.payload_offset(), HDR + name_area as usize + control_area);
        assert_eq!(o.flags() & libc::MSG_TRUNC as u32, 0);

        // Control messages: IP_PKTINFO and SCM_TIMESTAMP, in either order.
        let mut saw_pktinfo = false;
        let mut saw_ts = false;
        for c in o.cmsgs() {
            match (c.level(), c.cmsg_type()) {
                (libc::IPPROTO_IP, libc::IP_PKTINFO) => {
                    assert_eq!(c.data().len(), size_of::<libc::in_pktinfo>());
                    // SAFETY: the data is an in_pktinfo (length checked).
                    let pi = unsafe { c.data().as_ptr().cast::<libc::in_pktinfo>().read_unaligned() };
                    assert_eq!(pi.ipi_addr.s_addr.to_ne_bytes(), [127, 0, 0, 1], "destination address");
                    assert!(pi.ipi_ifindex > 0);
                    saw_pktinfo = true;
                }
                (libc::SOL_SOCKET, libc::SCM_TIMESTAMP) => {
                    assert_eq!(c.data().len(), size_of::<libc::timeval>());
                    // SAFETY: the data is a timeval (length checked).
                    let tv = unsafe { c.data().as_ptr().cast::<libc::timeval>().read_unaligned() };
                    let now =
                        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
                            as i64;
                    assert!((tv.tv_sec - now).abs() < 60, "timestamp {} near now {now}", tv.tv_sec);
                    saw_ts = true;
                }
                other => panic!("unexpected cmsg {other:?}"),
            }
        }
        assert!(saw_pktinfo && saw_ts, "both control messages present");
        // firsthdr/nexthdr agree with the iterator.
        let first = o.cmsg_firsthdr().unwrap();
        let second = o.cmsg_nexthdr(&first).unwrap();
        assert!(o.cmsg_nexthdr(&second).is_none());
        br.add(bid);
        br.publish();
    }

    // A datagram larger than the buffer's payload room: MSG_TRUNC in the
    // header's flags; payloadlen, like recvmsg(2)'s return value without
    // MSG_TRUNC in the request flags, counts what fit.
    let room = 256 - (HDR + name_area as usize + control_area);
    let big = pattern(room + 50, 9);
    senders[0].send_to(&big, ("127.0.0.1", rx_port)).unwrap();
    let cqe = wait(&mut ring);
    assert!(cqe.more());
    let bid = cqe.buffer_id().unwrap();
    let o = RecvmsgOut::validate(&br.buf(bid)[..cqe.res() as usize], &msg).unwrap();
    assert_eq!(o.payloadlen() as usize, room);
    assert_eq!(o.payload_length() as usize, room);
    assert_eq!(o.payload(), &big[..room]);
    assert_ne!(o.flags() & libc::MSG_TRUNC as u32, 0);
}

/// The raw form (liburing's arguments), without control data; and
/// running out of buffers ends the multishot with -ENOBUFS.
#[test]
fn recvmsg_multishot_raw_and_enobufs() {
    let mut msg = msghdr(0, 0);
    let mut ring = Ring::new(16).unwrap();
    let (a, b) = socketpair(libc::SOCK_DGRAM);
    let mut br = BufRing::new(&ring, 4, 5, 2, 64);
    br.add(0);
    br.add(1);
    br.publish();
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `msg` outlives the ring, hence the request.
    unsafe { sqe.prep_recvmsg_multishot_raw(b.as_raw_fd(), &mut msg, 0) };
    sqe.set_flags(sys::IOSQE_BUFFER_SELECT);
    sqe.set_buf_group(5);
    ring.submit().unwrap();
    for i in 0..2u8 {
        write_all(a.as_raw_fd(), &[i; 9]);
        let cqe = wait(&mut ring);
        assert_eq!(cqe.res() as usize, HDR + 9);
        assert!(cqe.more());
        let bid = cqe.buffer_id().unwrap();
        let o = RecvmsgOut::validate(&br.buf(bid)[..cqe.res() as usize], &msg).unwrap();
        assert_eq!((o.name(), o.control(), o.payload()), (&[][..], &[][..], &[i; 9][..]));
    }
    write_all(a.as_raw_fd(), b"dropped?");
    let cqe = wait(&mut ring);
    assert_eq!((cqe.res(), cqe.more()), (-libc::ENOBUFS, false));
    // The datagram is still queued.
    assert_eq!(read_some(b.as_raw_fd(), 64), b"dropped?");
}

/// With MSG_TRUNC in the request flags, a truncated datagram reports its
/// full length in payloadlen, beyond the payload present.
#[test]
fn recvmsg_multishot_msg_trunc_reports_full_length() {
    let msg = msghdr(0, 0);
    let mut ring = Ring::new(8).unwrap();
    let (a, b) = socketpair(libc::SOCK_DGRAM);
    let mut br = BufRing::new(&ring, 2, 8, 1, 32);
    br.add(0);
    br.publish();
    let sqe = ring.get_sqe().unwrap();
    // SAFETY: `msg` outlives the ring, hence the request.
    unsafe { sqe.prep_recvmsg_multishot(b.as_raw_fd(), &msg, libc::MSG_TRUNC as u32) };
    sqe.set_flags(sys::IOSQE_BUFFER_SELECT);
    sqe.set_buf_group(8);
    ring.submit().unwrap();
    let big = pattern(40, 4);
    write_all(a.as_raw_fd(), &big);
    let cqe = wait(&mut ring);
    assert!(cqe.res() > 0, "recvmsg: {}", cqe.res());
    let o = RecvmsgOut::validate(&br.buf(cqe.buffer_id().unwrap())[..cqe.res() as usize], &msg).unwrap();
    assert_eq!(o.payloadlen(), 40);
    assert_eq!(o.payload_length(), 16);
    assert_eq!(o.payload(), &big[..16]);
    assert_ne!(o.flags() & libc::MSG_TRUNC as u32, 0);
}
