/*
 * Multishot accept on a loopback TCP listener: one request, a completion
 * with IORING_CQE_F_MORE per connection, each accepted fd checked by
 * passing a byte through it; then the request is cancelled.
 */
#include "harness.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

enum { CLIENTS = 4 };

int main(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t alen = sizeof(addr);
	int lfd, clients[CLIENTS], one = 1, ret, i, cancelled = 0, cancel_done = 0;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct io_uring ring;

	ret = io_uring_queue_init(16, &ring, 0);
	CHECK(ret == 0, "queue_init %d", ret);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(lfd >= 0, "socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) == 0, "bind");
	CHECK(listen(lfd, CLIENTS) == 0, "listen");
	CHECK(getsockname(lfd, (struct sockaddr *)&addr, &alen) == 0, "getsockname");

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_multishot_accept(sqe, lfd, NULL, NULL, 0);
	io_uring_sqe_set_data64(sqe, 1);
	ret = io_uring_submit(&ring);
	CHECK(ret == 1, "submit %d", ret);

	for (i = 0; i < CLIENTS; i++) {
		char b = 'a' + i, got = 0;
		int afd;

		clients[i] = socket(AF_INET, SOCK_STREAM, 0);
		CHECK(connect(clients[i], (struct sockaddr *)&addr, sizeof(addr)) == 0, "connect %d", i);
		cqe = wait_one(&ring);
		CHECK(cqe->user_data == 1, "accept cqe data");
		CHECK(cqe->res >= 0, "accept %d res %d", i, cqe->res);
		CHECK(cqe->flags & IORING_CQE_F_MORE, "accept %d: multishot still armed", i);
		afd = cqe->res;
		io_uring_cqe_seen(&ring, cqe);
		CHECK(write(clients[i], &b, 1) == 1, "client write");
		CHECK(read(afd, &got, 1) == 1 && got == b, "accepted fd %d is connection %d", afd, i);
		close(afd);
	}

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_cancel64(sqe, 1, 0);
	io_uring_sqe_set_data64(sqe, 2);
	io_uring_submit(&ring);
	for (i = 0; i < 2; i++) {
		cqe = wait_one(&ring);
		if (cqe->user_data == 1) {
			CHECK(cqe->res == -ECANCELED && !(cqe->flags & IORING_CQE_F_MORE), "cancelled accept: %d",
			      cqe->res);
			cancelled = 1;
		} else {
			CHECK(cqe->user_data == 2 && cqe->res == 0, "cancel res %d", cqe->res);
			cancel_done = 1;
		}
		io_uring_cqe_seen(&ring, cqe);
	}
	CHECK(cancelled && cancel_done, "both completions");
	for (i = 0; i < CLIENTS; i++)
		close(clients[i]);
	close(lfd);
	io_uring_queue_exit(&ring);
	printf("ok multishot_accept\n");
	return 0;
}
