//! The three io_uring system calls.
//!
//! glibc's variadic `syscall()` costs 8-10 ns a call, a quarter of a NOP round
//! trip, so on x86_64, aarch64 and riscv64 the calls are made with inline
//! assembly, as liburing's nolibc build does; other targets go through
//! `libc::syscall`. Every function returns the kernel's raw result: a
//! non-negative value, or `-errno` (io_uring never touches `errno`).

use super::io_uring_params;
use core::ffi::{c_long, c_void};

/// `__NR_io_uring_setup` (the same number on every architecture but alpha and mips).
pub const SYS_IO_URING_SETUP: c_long = libc::SYS_io_uring_setup;
/// `__NR_io_uring_enter`.
pub const SYS_IO_URING_ENTER: c_long = libc::SYS_io_uring_enter;
/// `__NR_io_uring_register`.
pub const SYS_IO_URING_REGISTER: c_long = libc::SYS_io_uring_register;

/// Size in bytes of the kernel's signal set (`_NSIG / 8`), the `sigmask_sz`
/// the kernel insists on.
pub const KERNEL_SIGSET_SIZE: usize = 64 / 8;

#[cfg(target_arch = "x86_64")]
mod raw {
    use core::arch::asm;

    /// System call `nr` with six arguments; the raw result (`-errno` on
    /// failure).
    ///
    /// # Safety
    ///
    /// The arguments must satisfy system call `nr`'s own contract (valid
    /// pointers of the sizes it reads or writes, for as long as it uses them).
    #[inline(always)]
    pub(super) unsafe fn syscall6(
        nr: isize,
        a1: usize,
        a2: usize,
        a3: usize,
        a4: usize,
        a5: usize,
        a6: usize,
    ) -> isize {
        let ret: isize;
        // SAFETY: the caller upholds the syscall's own contract; the asm
        // follows the x86_64 Linux syscall ABI (rcx and r11 are clobbered by
        // the `syscall` instruction, the stack is not touched).
        unsafe {
            asm!(
                "syscall",
                inlateout("rax") nr => ret,
                in("rdi") a1,
                in("rsi") a2,
                in("rdx") a3,
                in("r10") a4,
                in("r8") a5,
                in("r9") a6,
                lateout("rcx") _,
                lateout("r11") _,
                options(nostack),
            );
        }
        ret
    }
}

#[cfg(target_arch = "aarch64")]
mod raw {
    use core::arch::asm;

    /// System call `nr` with six arguments; the raw result (`-errno` on
    /// failure).
    ///
    /// # Safety
    ///
    /// The arguments must satisfy system call `nr`'s own contract (valid
    /// pointers of the sizes it reads or writes, for as long as it uses them).
    #[inline(always)]
    pub(super) unsafe fn syscall6(
        nr: isize,
        a1: usize,
        a2: usize,
        a3: usize,
        a4: usize,
        a5: usize,
        a6: usize,
    ) -> isize {
        let ret: isize;
        // SAFETY: the caller upholds the syscall's own contract; the asm
        // follows the aarch64 Linux syscall ABI (number in x8, result in x0).
        unsafe {
            asm!(
                "svc 0",
                in("x8") nr,
                inlateout("x0") a1 as isize => ret,
                in("x1") a2,
                in("x2") a3,
                in("x3") a4,
                in("x4") a5,
                in("x5") a6,
                options(nostack),
            );
        }
        ret
    }
}

#[cfg(target_arch = "riscv64")]
mod raw {
    use core::arch::asm;

    /// System call `nr` with six arguments; the raw result (`-errno` on
    /// failure).
    ///
    /// # Safety
    ///
    /// The arguments must satisfy system call `nr`'s own contract (valid
    /// pointers of the sizes it reads or writes, for as long as it uses them).
    #[inline(always)]
    pub(super) unsafe fn syscall6(
        nr: isize,
        a1: usize,
        a2: usize,
        a3: usize,
        a4: usize,
        a5: usize,
        a6: usize,
    ) -> isize {
        let ret: isize;
        // SAFETY: the caller upholds the syscall's own contract; the asm
        // follows the riscv64 Linux syscall ABI (number in a7, result in a0).
        unsafe {
            asm!(
                "ecall",
                in("a7") nr,
                inlateout("a0") a1 as isize => ret,
                in("a1") a2,
                in("a2") a3,
                in("a3") a4,
                in("a4") a5,
                in("a5") a6,
                options(nostack),
            );
        }
        ret
    }
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64", target_arch = "riscv64")))]
mod raw {
    /// System call `nr` with six arguments; the raw result (`-errno` on
    /// failure).
    ///
    /// # Safety
    ///
    /// The arguments must satisfy system call `nr`'s own contract (valid
    /// pointers of the sizes it reads or writes, for as long as it uses them).
    #[inline(always)]
    pub(super) unsafe fn syscall6(
        nr: isize,
        a1: usize,
        a2: usize,
        a3: usize,
        a4: usize,
        a5: usize,
        a6: usize,
    ) -> isize {
        // SAFETY: the caller upholds the syscall's own contract.
        let ret = unsafe { libc::syscall(nr as _, a1, a2, a3, a4, a5, a6) } as isize;
        if ret < 0 {
            -(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO) as isize)
        } else {
            ret
        }
    }
}

/// `io_uring_setup(2)`: create a ring of `entries` entries described by `p`.
///
/// Returns the ring's file descriptor, or `-errno`.
///
/// liburing: [`io_uring_setup`](https://man7.org/linux/man-pages/man2/io_uring_setup.2.html).
/// Kernel 5.1.
///
/// # Safety
///
/// `p` must point to a valid, writable `io_uring_params`. With
/// `IORING_SETUP_NO_MMAP`, `p.sq_off.user_addr` and `p.cq_off.user_addr` must
/// point to memory of the size the kernel needs, which stays mapped and
/// untouched by Rust references for as long as the ring exists.
#[inline]
pub unsafe fn io_uring_setup(entries: u32, p: *mut io_uring_params) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { raw::syscall6(SYS_IO_URING_SETUP as isize, entries as usize, p as usize, 0, 0, 0, 0) as i32 }
}

/// `io_uring_enter(2)` without an extended argument: submit `to_submit`
/// entries and wait for `min_complete` completions, as `flags` says, with an
/// optional signal mask of the kernel's size.
///
/// Returns the number of entries submitted, or `-errno`.
///
/// liburing: [`io_uring_enter`](https://man7.org/linux/man-pages/man2/io_uring_enter.2.html).
/// Kernel 5.1.
///
/// # Safety
///
/// `fd` must be a ring (or, with `IORING_ENTER_REGISTERED_RING`, a registered
/// ring index) whose submission entries and the memory they name are valid as
/// their prep helpers require; `sig` must be null or point to a signal set
/// of at least [`KERNEL_SIGSET_SIZE`] bytes.
#[inline]
pub unsafe fn io_uring_enter(
    fd: i32,
    to_submit: u32,
    min_complete: u32,
    flags: u32,
    sig: *const libc::sigset_t,
) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { io_uring_enter2(fd, to_submit, min_complete, flags, sig.cast(), KERNEL_SIGSET_SIZE) }
}

/// `io_uring_enter(2)` with its full argument list: `arg` is a signal set,
/// an `io_uring_getevents_arg` (with `IORING_ENTER_EXT_ARG`) or an offset
/// into a registered wait region (with `IORING_ENTER_EXT_ARG_REG`), and `sz`
/// its size.
///
/// Returns the number of entries submitted, or `-errno`.
///
/// liburing: [`io_uring_enter2`](https://man7.org/linux/man-pages/man2/io_uring_enter2.2.html).
/// Kernel 5.11 for the extended argument.
///
/// # Safety
///
/// As [`io_uring_enter`]; `arg` must be null, or valid for `sz` bytes as the
/// kernel reads it according to `flags`.
#[inline]
pub unsafe fn io_uring_enter2(
    fd: i32,
    to_submit: u32,
    min_complete: u32,
    flags: u32,
    arg: *const c_void,
    sz: usize,
) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        raw::syscall6(
            SYS_IO_URING_ENTER as isize,
            fd as usize,
            to_submit as usize,
            min_complete as usize,
            flags as usize,
            arg as usize,
            sz,
        ) as i32
    }
}

/// `io_uring_register(2)`: apply register opcode `opcode` to ring `fd` with
/// `nr_args` arguments at `arg`.
///
/// Returns the opcode's result (often 0), or `-errno`.
///
/// liburing: [`io_uring_register`](https://man7.org/linux/man-pages/man2/io_uring_register.2.html).
/// Kernel 5.1.
///
/// # Safety
///
/// `arg` must be valid as the opcode defines it; memory the opcode registers
/// (buffers, buffer rings, regions) must stay valid while it is registered.
#[inline]
pub unsafe fn io_uring_register(fd: i32, opcode: u32, arg: *const c_void, nr_args: u32) -> i32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        raw::syscall6(
            SYS_IO_URING_REGISTER as isize,
            fd as usize,
            opcode as usize,
            arg as usize,
            nr_args as usize,
            0,
            0,
        ) as i32
    }
}
