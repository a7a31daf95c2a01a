/*
 * Core paths of riouring-ffi through liburing's C API: ring setup in
 * several shapes, submit and wait, timeouts, reads and writes on a real file
 * (data checked), registered files and buffers, batch peeking, probes.
 * usage: basic <scratch dir>
 */
#include "harness.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

static void nops(struct io_uring *ring, unsigned n)
{
	struct io_uring_cqe *cqe;
	unsigned i;
	int ret;

	for (i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		CHECK(sqe, "get_sqe %u", i);
		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, 100 + i);
	}
	CHECK(io_uring_sq_ready(ring) == n, "sq_ready %u", io_uring_sq_ready(ring));
	ret = io_uring_submit(ring);
	CHECK(ret == (int)n, "submit %d", ret);
	for (i = 0; i < n; i++) {
		ret = io_uring_wait_cqe(ring, &cqe);
		CHECK(ret == 0, "wait_cqe %d", ret);
		CHECK(cqe->res == 0, "nop res %d", cqe->res);
		CHECK(io_uring_cqe_get_data64(cqe) == 100 + i, "data %llu", (unsigned long long)cqe->user_data);
		io_uring_cqe_seen(ring, cqe);
	}
	CHECK(io_uring_cq_ready(ring) == 0, "cq_ready after seen");
	ret = io_uring_peek_cqe(ring, &cqe);
	CHECK(ret == -EAGAIN, "peek on empty CQ: %d", ret);
}

static void test_shapes(void)
{
	struct io_uring ring;
	struct io_uring_params p;
	int ret;

	ret = io_uring_queue_init(8, &ring, 0);
	CHECK(ret == 0, "queue_init %d", ret);
	CHECK(ring.sq.ring_entries == 8 && ring.cq.ring_entries == 16, "sizes %u/%u", ring.sq.ring_entries,
	      ring.cq.ring_entries);
	CHECK(io_uring_sq_space_left(&ring) == 8, "space_left");
	nops(&ring, 8);
	io_uring_queue_exit(&ring);
	printf("ok queue_init\n");

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 100;
	ret = io_uring_queue_init_params(16, &ring, &p);
	CHECK(ret == 0, "queue_init_params SQPOLL %d", ret);
	CHECK(ring.flags & IORING_SETUP_SQPOLL, "SQPOLL flag");
	nops(&ring, 5);
	nops(&ring, 16);
	io_uring_queue_exit(&ring);
	printf("ok sqpoll\n");

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 100;
	ret = io_uring_queue_init_params(4, &ring, &p);
	CHECK(ret == 0, "queue_init_params CQSIZE %d", ret);
	CHECK(p.cq_entries == 128 && ring.cq.ring_entries == 128, "cq %u/%u", p.cq_entries, ring.cq.ring_entries);
	nops(&ring, 4);
	io_uring_queue_exit(&ring);
	printf("ok cqsize\n");

	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_CQSIZE;
	p.cq_entries = 2;
	ret = io_uring_queue_init_params(4, &ring, &p);
	CHECK(ret == -EINVAL, "CQ smaller than SQ: %d", ret);
	printf("ok einval\n");
}

static void test_timeouts(struct io_uring *ring)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
	struct io_uring_cqe *cqe = NULL;
	struct io_uring_sqe *sqe;
	int ret;

	ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
	CHECK(ret == -ETIME, "wait_cqe_timeout on an empty ring: %d", ret);

	sqe = io_uring_get_sqe(ring);
	io_uring_prep_timeout(sqe, &ts, 0, 0);
	io_uring_sqe_set_data64(sqe, 7);
	ret = io_uring_submit(ring);
	CHECK(ret == 1, "submit timeout %d", ret);
	cqe = wait_one(ring);
	CHECK(cqe->user_data == 7 && cqe->res == -ETIME, "timeout cqe %llu %d", (unsigned long long)cqe->user_data,
	      cqe->res);
	io_uring_cqe_seen(ring, cqe);

	/* submit_and_wait_timeout: submitted count back, completion ready. */
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_nop(sqe);
	ts.tv_sec = 5;
	ret = io_uring_submit_and_wait_timeout(ring, &cqe, 1, &ts, NULL);
	CHECK(ret == 1, "submit_and_wait_timeout %d", ret);
	CHECK(cqe && cqe->res == 0, "submit_and_wait_timeout cqe");
	io_uring_cqe_seen(ring, cqe);
	printf("ok timeouts\n");
}

static void fill(unsigned char *buf, size_t len, unsigned seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 31 + seed);
}

static void test_file_rw(struct io_uring *ring, const char *dir)
{
	enum { LEN = 65536, VLEN = 3 * 4096 };
	static unsigned char wbuf[LEN], rbuf[LEN], vw[3][4096], vr[3][4096], check[VLEN];
	struct iovec wv[3], rv[3];
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	char path[4096];
	int fd, i, ret;

	snprintf(path, sizeof(path), "%s/rw-XXXXXX", dir);
	fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp %s", strerror(errno));
	unlink(path);

	fill(wbuf, LEN, 1);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_write(sqe, fd, wbuf, LEN, 0);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_fsync(sqe, fd, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
	sqe->flags = 0;
	ret = io_uring_submit_and_wait(ring, 2);
	CHECK(ret == 2, "submit write+fsync %d", ret);
	for (i = 0; i < 2; i++) {
		cqe = wait_one(ring);
		CHECK(cqe->res == (i == 0 ? LEN : 0), "write/fsync res %d", cqe->res);
		io_uring_cqe_seen(ring, cqe);
	}
	CHECK(pread(fd, rbuf, LEN, 0) == LEN && memcmp(rbuf, wbuf, LEN) == 0, "file holds the written bytes");

	memset(rbuf, 0, LEN);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_read(sqe, fd, rbuf, LEN, 0);
	io_uring_submit(ring);
	cqe = wait_one(ring);
	CHECK(cqe->res == LEN, "read res %d", cqe->res);
	io_uring_cqe_seen(ring, cqe);
	CHECK(memcmp(rbuf, wbuf, LEN) == 0, "read bytes equal the file");

	for (i = 0; i < 3; i++) {
		fill(vw[i], 4096, 10 + i);
		wv[i].iov_base = vw[i];
		wv[i].iov_len = 4096;
		rv[i].iov_base = vr[i];
		rv[i].iov_len = 4096;
	}
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_writev(sqe, fd, wv, 3, LEN);
	io_uring_submit(ring);
	cqe = wait_one(ring);
	CHECK(cqe->res == VLEN, "writev res %d", cqe->res);
	io_uring_cqe_seen(ring, cqe);
	CHECK(pread(fd, check, VLEN, LEN) == VLEN, "pread");
	for (i = 0; i < 3; i++)
		CHECK(memcmp(check + i * 4096, vw[i], 4096) == 0, "writev chunk %d in the file", i);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_readv(sqe, fd, rv, 3, LEN);
	io_uring_submit(ring);
	cqe = wait_one(ring);
	CHECK(cqe->res == VLEN, "readv res %d", cqe->res);
	io_uring_cqe_seen(ring, cqe);
	for (i = 0; i < 3; i++)
		CHECK(memcmp(vr[i], vw[i], 4096) == 0, "readv chunk %d", i);
	close(fd);
	printf("ok file_rw\n");
}

static void test_registered(struct io_uring *ring, const char *dir)
{
	static unsigned char bufs[2][4096], src[4096], check[4096];
	struct iovec iov[2] = { { bufs[0], 4096 }, { bufs[1], 4096 } };
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	char path[4096];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/fixed-XXXXXX", dir);
	fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp");
	unlink(path);
	fill(src, 4096, 77);
	CHECK(pwrite(fd, src, 4096, 0) == 4096, "pwrite");

	ret = io_uring_register_files(ring, &fd, 1);
	CHECK(ret == 0, "register_files %d", ret);
	ret = io_uring_register_buffers(ring, iov, 2);
	CHECK(ret == 0, "register_buffers %d", ret);

	sqe = io_uring_get_sqe(ring);
	io_uring_prep_read_fixed(sqe, 0, bufs[0], 4096, 0, 0);
	io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
	io_uring_submit(ring);
	cqe = wait_one(ring);
	CHECK(cqe->res == 4096, "read_fixed res %d", cqe->res);
	io_uring_cqe_seen(ring, cqe);
	CHECK(memcmp(bufs[0], src, 4096) == 0, "read_fixed bytes");

	fill(bufs[1], 4096, 99);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_write_fixed(sqe, 0, bufs[1], 4096, 4096, 1);
	io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
	io_uring_submit(ring);
	cqe = wait_one(ring);
	CHECK(cqe->res == 4096, "write_fixed res %d", cqe->res);
	io_uring_cqe_seen(ring, cqe);
	CHECK(pread(fd, check, 4096, 4096) == 4096 && memcmp(check, bufs[1], 4096) == 0, "write_fixed bytes");

	/* A buffer index out of range is the kernel's EFAULT. */
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_read_fixed(sqe, 0, bufs[0], 4096, 0, 5);
	io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
	io_uring_submit(ring);
	cqe = wait_one(ring);
	CHECK(cqe->res == -EFAULT, "bad buf_index res %d", cqe->res);
	io_uring_cqe_seen(ring, cqe);

	CHECK(io_uring_unregister_buffers(ring) == 0, "unregister_buffers");
	CHECK(io_uring_unregister_files(ring) == 0, "unregister_files");
	CHECK(io_uring_unregister_files(ring) == -ENXIO, "second unregister_files");
	close(fd);
	printf("ok registered\n");
}

static void test_batch(struct io_uring *ring)
{
	struct io_uring_cqe *cqes[8];
	unsigned i, n;
	int ret;

	for (i = 0; i < 4; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, i);
	}
	ret = io_uring_submit_and_wait(ring, 4);
	CHECK(ret == 4, "submit_and_wait %d", ret);
	n = io_uring_peek_batch_cqe(ring, cqes, 8);
	CHECK(n == 4, "peek_batch %u", n);
	for (i = 0; i < n; i++)
		CHECK(cqes[i]->user_data == i && cqes[i]->res == 0, "batch cqe %u", i);
	io_uring_cq_advance(ring, n);
	CHECK(io_uring_cq_ready(ring) == 0, "cq_ready");
	printf("ok batch\n");
}

static void test_probe(struct io_uring *ring)
{
	struct io_uring_probe *p = io_uring_get_probe_ring(ring);
	struct io_uring_probe *q = io_uring_get_probe();
	int op;

	CHECK(p && q, "probes");
	CHECK(p->last_op >= IORING_OP_LAST - 1, "last_op %u", p->last_op);
	for (op = 0; op < IORING_OP_LAST; op++) {
		CHECK(io_uring_opcode_supported(p, op), "op %d supported (ring probe)", op);
		CHECK(io_uring_opcode_supported(q, op), "op %d supported (probe)", op);
	}
	CHECK(!io_uring_opcode_supported(p, 255), "op 255");
	CHECK(!io_uring_opcode_supported(p, -1), "op -1");
	io_uring_free_probe(p);
	io_uring_free_probe(q);
	printf("ok probe\n");
}

int main(int argc, char **argv)
{
	struct io_uring ring;
	int ret;

	CHECK(argc == 2, "usage: basic <dir>");
	CHECK(io_uring_major_version() == 2 && io_uring_minor_version() >= 3, "version %d.%d",
	      io_uring_major_version(), io_uring_minor_version());
	test_shapes();
	ret = io_uring_queue_init(32, &ring, 0);
	CHECK(ret == 0, "queue_init %d", ret);
	test_timeouts(&ring);
	test_file_rw(&ring, argv[1]);
	test_registered(&ring, argv[1]);
	test_batch(&ring);
	test_probe(&ring);
	io_uring_queue_exit(&ring);
	printf("ok done\n");
	return 0;
}
