/*
 * A provided-buffer ring (io_uring_setup_buf_ring) feeding recv: 24
 * datagrams through an 8-buffer ring, each buffer recycled after use, the
 * data and buffer ids checked.
 */
#include "harness.h"
#include <sys/socket.h>
#include <unistd.h>

enum { ENTRIES = 8, BUF_LEN = 64, BGID = 3, MSGS = 24 };

int main(void)
{
	static char bufs[ENTRIES][BUF_LEN];
	struct io_uring_buf_ring *br;
	struct io_uring ring;
	int sv[2], err = 0, ret, i, mask;
	unsigned seen = 0;

	ret = io_uring_queue_init(16, &ring, 0);
	CHECK(ret == 0, "queue_init %d", ret);
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair");

	br = io_uring_setup_buf_ring(&ring, ENTRIES, BGID, 0, &err);
	CHECK(br, "setup_buf_ring: %d", err);
	mask = io_uring_buf_ring_mask(ENTRIES);
	CHECK(mask == ENTRIES - 1, "mask %d", mask);
	for (i = 0; i < ENTRIES; i++)
		io_uring_buf_ring_add(br, bufs[i], BUF_LEN, i, mask, i);
	io_uring_buf_ring_advance(br, ENTRIES);

	/* A second ring for the same group is refused. */
	CHECK(!io_uring_setup_buf_ring(&ring, ENTRIES, BGID, 0, &err) && err == -EEXIST, "duplicate group: %d", err);

	for (i = 0; i < MSGS; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
		struct io_uring_cqe *cqe;
		char msg[BUF_LEN];
		unsigned bid;
		int len = snprintf(msg, sizeof(msg), "datagram %d", i);

		CHECK(send(sv[1], msg, len, 0) == len, "send");
		io_uring_prep_recv(sqe, sv[0], NULL, BUF_LEN, 0);
		io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
		sqe->buf_group = BGID;
		io_uring_sqe_set_data64(sqe, i);
		ret = io_uring_submit(&ring);
		CHECK(ret == 1, "submit %d", ret);
		cqe = wait_one(&ring);
		CHECK(cqe->res == len, "recv %d res %d", i, cqe->res);
		CHECK(cqe->flags & IORING_CQE_F_BUFFER, "recv %d without a buffer", i);
		bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
		CHECK(bid < ENTRIES, "bid %u", bid);
		CHECK(memcmp(bufs[bid], msg, len) == 0, "recv %d data: %.*s", i, len, bufs[bid]);
		seen |= 1u << bid;
		/* Give the buffer back and consume the CQE in one step. */
		io_uring_buf_ring_add(br, bufs[bid], BUF_LEN, bid, mask, 0);
		io_uring_buf_ring_cq_advance(&ring, br, 1);
	}
	CHECK(seen == (1u << ENTRIES) - 1, "every buffer used: %x", seen);
	CHECK(io_uring_cq_ready(&ring) == 0, "cq drained");

	ret = io_uring_free_buf_ring(&ring, br, ENTRIES, BGID);
	CHECK(ret == 0, "free_buf_ring %d", ret);
	ret = io_uring_unregister_buf_ring(&ring, BGID);
	CHECK(ret == -ENOENT, "group gone after free: %d", ret);
	close(sv[0]);
	close(sv[1]);
	io_uring_queue_exit(&ring);
	printf("ok bufring\n");
	return 0;
}
