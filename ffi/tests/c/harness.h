/*
 * Shared by the C programs that exercise riouring-ffi: the liburing 2.3
 * header from Debian's liburing-dev, declarations of the exports it lacks,
 * and in FFI mode (-DFFI_MODE, linked to liburing-ffi.so.2) redirections of
 * the header's inline helpers to the library's exported ones.
 */
#ifndef RIOURING_FFI_HARNESS_H
#define RIOURING_FFI_HARNESS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <liburing.h>

/* Exported by liburing 2.4+, not declared by the 2.3 header. */
struct io_uring_buf_ring *io_uring_setup_buf_ring(struct io_uring *ring, unsigned int nentries, int bgid,
						  unsigned int flags, int *err);
int io_uring_free_buf_ring(struct io_uring *ring, struct io_uring_buf_ring *br, unsigned int nentries, int bgid);
int io_uring_major_version(void);
int io_uring_minor_version(void);

#define CHECK(cond, ...)                                                                  \
	do {                                                                              \
		if (!(cond)) {                                                            \
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);   \
			fprintf(stderr, __VA_ARGS__);                                     \
			fprintf(stderr, "\n");                                            \
			exit(1);                                                          \
		}                                                                         \
	} while (0)

#ifdef FFI_MODE
/*
 * The 2.3 header defines these as static inline; liburing-ffi exports them.
 * Declare the exported symbols under local names and point the test code
 * at them, so that every call below goes through the library.
 */
#define FFI(ret, name, args) ret ffi_##name args __asm__(#name)
FFI(struct io_uring_sqe *, io_uring_get_sqe, (struct io_uring *));
FFI(void, io_uring_prep_nop, (struct io_uring_sqe *));
FFI(void, io_uring_prep_read, (struct io_uring_sqe *, int, void *, unsigned, __u64));
FFI(void, io_uring_prep_write, (struct io_uring_sqe *, int, const void *, unsigned, __u64));
FFI(void, io_uring_prep_readv, (struct io_uring_sqe *, int, const struct iovec *, unsigned, __u64));
FFI(void, io_uring_prep_writev, (struct io_uring_sqe *, int, const struct iovec *, unsigned, __u64));
FFI(void, io_uring_prep_read_fixed, (struct io_uring_sqe *, int, void *, unsigned, __u64, int));
FFI(void, io_uring_prep_write_fixed, (struct io_uring_sqe *, int, const void *, unsigned, __u64, int));
FFI(void, io_uring_prep_fsync, (struct io_uring_sqe *, int, unsigned));
FFI(void, io_uring_prep_timeout, (struct io_uring_sqe *, struct __kernel_timespec *, unsigned, unsigned));
FFI(void, io_uring_prep_recv, (struct io_uring_sqe *, int, void *, size_t, int));
FFI(void, io_uring_prep_multishot_accept, (struct io_uring_sqe *, int, struct sockaddr *, socklen_t *, int));
FFI(void, io_uring_prep_cancel64, (struct io_uring_sqe *, __u64, int));
FFI(void, io_uring_sqe_set_data64, (struct io_uring_sqe *, __u64));
FFI(void, io_uring_sqe_set_flags, (struct io_uring_sqe *, unsigned));
FFI(__u64, io_uring_cqe_get_data64, (const struct io_uring_cqe *));
FFI(int, io_uring_wait_cqe, (struct io_uring *, struct io_uring_cqe **));
FFI(int, io_uring_peek_cqe, (struct io_uring *, struct io_uring_cqe **));
FFI(void, io_uring_cqe_seen, (struct io_uring *, struct io_uring_cqe *));
FFI(void, io_uring_cq_advance, (struct io_uring *, unsigned));
FFI(unsigned, io_uring_cq_ready, (const struct io_uring *));
FFI(unsigned, io_uring_sq_ready, (const struct io_uring *));
FFI(unsigned, io_uring_sq_space_left, (const struct io_uring *));
FFI(int, io_uring_opcode_supported, (const struct io_uring_probe *, int));
FFI(int, io_uring_buf_ring_mask, (__u32));
FFI(void, io_uring_buf_ring_init, (struct io_uring_buf_ring *));
FFI(void, io_uring_buf_ring_add, (struct io_uring_buf_ring *, void *, unsigned int, unsigned short, int, int));
FFI(void, io_uring_buf_ring_advance, (struct io_uring_buf_ring *, int));
FFI(void, io_uring_buf_ring_cq_advance, (struct io_uring *, struct io_uring_buf_ring *, int));
#define io_uring_get_sqe ffi_io_uring_get_sqe
#define io_uring_prep_nop ffi_io_uring_prep_nop
#define io_uring_prep_read ffi_io_uring_prep_read
#define io_uring_prep_write ffi_io_uring_prep_write
#define io_uring_prep_readv ffi_io_uring_prep_readv
#define io_uring_prep_writev ffi_io_uring_prep_writev
#define io_uring_prep_read_fixed ffi_io_uring_prep_read_fixed
#define io_uring_prep_write_fixed ffi_io_uring_prep_write_fixed
#define io_uring_prep_fsync ffi_io_uring_prep_fsync
#define io_uring_prep_timeout ffi_io_uring_prep_timeout
#define io_uring_prep_recv ffi_io_uring_prep_recv
#define io_uring_prep_multishot_accept ffi_io_uring_prep_multishot_accept
#define io_uring_prep_cancel64 ffi_io_uring_prep_cancel64
#define io_uring_sqe_set_data64 ffi_io_uring_sqe_set_data64
#define io_uring_sqe_set_flags ffi_io_uring_sqe_set_flags
#define io_uring_cqe_get_data64 ffi_io_uring_cqe_get_data64
#define io_uring_wait_cqe ffi_io_uring_wait_cqe
#define io_uring_peek_cqe ffi_io_uring_peek_cqe
#define io_uring_cqe_seen ffi_io_uring_cqe_seen
#define io_uring_cq_advance ffi_io_uring_cq_advance
#define io_uring_cq_ready ffi_io_uring_cq_ready
#define io_uring_sq_ready ffi_io_uring_sq_ready
#define io_uring_sq_space_left ffi_io_uring_sq_space_left
#define io_uring_opcode_supported ffi_io_uring_opcode_supported
#define io_uring_buf_ring_mask ffi_io_uring_buf_ring_mask
#define io_uring_buf_ring_init ffi_io_uring_buf_ring_init
#define io_uring_buf_ring_add ffi_io_uring_buf_ring_add
#define io_uring_buf_ring_advance ffi_io_uring_buf_ring_advance
#define io_uring_buf_ring_cq_advance ffi_io_uring_buf_ring_cq_advance
#endif

/* Wait for one completion, at most 5 s: nothing in these tests may hang. */
static inline struct io_uring_cqe *wait_one(struct io_uring *ring)
{
	struct __kernel_timespec ts = { .tv_sec = 5, .tv_nsec = 0 };
	struct io_uring_cqe *cqe = NULL;
	int ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);

	CHECK(ret == 0 && cqe, "wait_cqe_timeout: %d (%s)", ret, strerror(-ret));
	return cqe;
}

#endif
