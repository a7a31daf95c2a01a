/*
 * The C liburing side of riouring-bench: the same workloads as the Rust
 * peers, written the way a liburing program writes them, against Debian's
 * liburing (2.3: only functions that release has). Each workload function
 * runs its whole loop and returns the wall-clock and user-space time of the
 * loop, measured exactly as the Rust side measures its peers.
 */
#include <errno.h>
#include <liburing.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

struct lb_timing {
	uint64_t wall_ns;
	uint64_t user_ns;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t user_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (uint64_t)ru.ru_utime.tv_sec * 1000000000ull + (uint64_t)ru.ru_utime.tv_usec * 1000ull;
}

static void timing_start(struct lb_timing *t)
{
	t->user_ns = user_ns();
	t->wall_ns = now_ns();
}

static void timing_stop(struct lb_timing *t)
{
	t->wall_ns = now_ns() - t->wall_ns;
	t->user_ns = user_ns() - t->user_ns;
}

/* A ring with `flags`, its fd registered when `reg_fd`; NULL and *err on failure. */
struct io_uring *lb_ring_new(unsigned entries, unsigned flags, int reg_fd, int *err)
{
	struct io_uring_params p;
	struct io_uring *ring = calloc(1, sizeof(*ring));
	int ret;

	if (!ring) {
		*err = -ENOMEM;
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.flags = flags;
	ret = io_uring_queue_init_params(entries, ring, &p);
	if (ret < 0) {
		free(ring);
		*err = ret;
		return NULL;
	}
	if (reg_fd) {
		ret = io_uring_register_ring_fd(ring);
		if (ret != 1) {
			io_uring_queue_exit(ring);
			free(ring);
			*err = ret < 0 ? ret : -EINVAL;
			return NULL;
		}
	}
	*err = 0;
	return ring;
}

void lb_ring_free(struct io_uring *ring)
{
	io_uring_queue_exit(ring);
	free(ring);
}

/* `ops` NOPs in batches of `batch`: get, prep, submit_and_wait(batch), reap. */
int lb_nop_batch(struct io_uring *ring, unsigned batch, uint64_t ops, struct lb_timing *t)
{
	uint64_t done = 0;

	timing_start(t);
	while (done < ops) {
		struct io_uring_cqe *cqe;
		unsigned head, seen = 0, i;
		int ret;

		for (i = 0; i < batch; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, i);
		}
		ret = io_uring_submit_and_wait(ring, batch);
		if (ret < 0)
			return ret;
		io_uring_for_each_cqe(ring, head, cqe) {
			if (cqe->res < 0)
				return cqe->res;
			seen++;
		}
		io_uring_cq_advance(ring, seen);
		if (seen != batch)
			return -EPROTO;
		done += batch;
	}
	timing_stop(t);
	return 0;
}

/* `ops` single NOP round trips: get, prep, submit_and_wait(1), wait_cqe, seen. */
int lb_nop_roundtrip(struct io_uring *ring, uint64_t ops, struct lb_timing *t)
{
	uint64_t i;

	timing_start(t);
	for (i = 0; i < ops; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
		struct io_uring_cqe *cqe;
		int ret;

		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data64(sqe, i);
		ret = io_uring_submit_and_wait(ring, 1);
		if (ret < 0)
			return ret;
		ret = io_uring_wait_cqe(ring, &cqe);
		if (ret < 0)
			return ret;
		if (cqe->res < 0 || cqe->user_data != i)
			return cqe->res < 0 ? cqe->res : -EPROTO;
		io_uring_cqe_seen(ring, cqe);
	}
	timing_stop(t);
	return 0;
}

int lb_register_buffers(struct io_uring *ring, const struct iovec *iov, unsigned nr)
{
	return io_uring_register_buffers(ring, iov, nr);
}

static void queue_read(struct io_uring *ring, int fd, char *bufs, unsigned slot, uint64_t off, int fixed)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	char *buf = bufs + (size_t)slot * 4096;

	if (fixed)
		io_uring_prep_read_fixed(sqe, fd, buf, 4096, off, (int)slot);
	else
		io_uring_prep_read(sqe, fd, buf, 4096, off);
	io_uring_sqe_set_data64(sqe, slot);
}

/*
 * `ops` 4 KiB reads at offsets `offs`, `qd` in flight, slot i reading into
 * bufs + i * 4096 (registered buffer i when `fixed`). Each completed block's
 * first 8 bytes must hold its block number.
 */
int lb_read(struct io_uring *ring, int fd, char *bufs, unsigned qd, int fixed, const uint64_t *offs,
	    uint64_t ops, struct lb_timing *t)
{
	uint64_t slot_off[256];
	uint64_t next = 0, done = 0;
	unsigned i;

	if (qd > 256)
		return -EINVAL;
	timing_start(t);
	for (i = 0; i < qd && next < ops; i++, next++) {
		slot_off[i] = offs[next];
		queue_read(ring, fd, bufs, i, offs[next], fixed);
	}
	while (done < ops) {
		struct io_uring_cqe *cqe;
		unsigned head, seen = 0;
		int ret = io_uring_submit_and_wait(ring, 1);

		if (ret < 0)
			return ret;
		io_uring_for_each_cqe(ring, head, cqe) {
			unsigned slot = (unsigned)cqe->user_data;
			uint64_t tag;

			if (cqe->res != 4096)
				return cqe->res < 0 ? cqe->res : -EIO;
			memcpy(&tag, bufs + (size_t)slot * 4096, 8);
			if (tag != slot_off[slot] / 4096)
				return -EILSEQ;
			seen++;
			if (next < ops) {
				slot_off[slot] = offs[next];
				queue_read(ring, fd, bufs, slot, offs[next], fixed);
				next++;
			}
		}
		io_uring_cq_advance(ring, seen);
		done += seen;
	}
	timing_stop(t);
	return 0;
}
