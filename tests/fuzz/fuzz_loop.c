/*
 * fuzz_loop.c — see fuzz_loop.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <re.h>
#include "fuzz_loop.h"
#include "log.h"

static void ready_h(int flags, void *arg)
{
	(void)flags;
	(void)arg;
}

/* libre's poll waits at least 1 ms when a timer is due (its "due now" is
 * a 1 ms timeout): the write end of a pipe, always writable, makes every
 * poll return at once. */
static void never_sleep(void)
{
	int p[2];

	if (pipe2(p, O_NONBLOCK | O_CLOEXEC) ||
	    fd_listen(p[1], FD_WRITE, ready_h, NULL))
		abort();
}

void fuzz_libre_init(void)
{
	static bool done;

	if (done)
		return;
	/* every message is formatted (its arguments are inputs too), and
	 * thrown away */
	log_set_level(LOG_DEBUG);
	if (log_open_file("/dev/null") || libre_init())
		abort();
	never_sleep();
	done = true;
}

static void stop_h(void *arg)
{
	(void)arg;
	re_cancel();
}

/* One turn: a timer due at once ends re_main() after one poll. */
static void turn(void)
{
	struct tmr t;

	tmr_init(&t);
	tmr_start(&t, 0, stop_h, NULL);
	(void)re_main(NULL);
	tmr_cancel(&t);
}

void fuzz_pump(unsigned n)
{
	while (n--)
		turn();
}

void fuzz_pump_until(unsigned n, bool (*done)(void *arg), void *arg)
{
	while (n-- && !done(arg))
		turn();
}

ssize_t fuzz_drain(int fd)
{
	char buf[4096];
	ssize_t r, total = 0;

	while ((r = read(fd, buf, sizeof(buf))) > 0)
		total += r;
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return total;
	return -1;
}

int fuzz_connect(unsigned short port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(port)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			0);

	if (fd < 0)
		return -1;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) &&
	    errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool peer_closed(void *arg)
{
	return fuzz_drain(*(int *)arg) < 0;
}

/* Writes p[0..n), turning the loop while the socket is full. */
static void send_part(int fd, const uint8_t *p, size_t n, unsigned *turns)
{
	while (n && *turns) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return;   /* the server closed the connection */
		if (w > 0) {
			p += w;
			n -= (size_t)w;
		}
		turn();
		--*turns;
	}
}

/* Turns until the server answered something (or closed). */
static void await_reply(int fd, unsigned *turns)
{
	while (*turns && fuzz_drain(fd) == 0) {
		turn();
		--*turns;
	}
}

void fuzz_stream(int fd, const uint8_t *data, size_t size, unsigned turns)
{
	const uint8_t *blank = memmem(data, size, "\r\n\r\n", 4);
	size_t head = blank ? (size_t)(blank - data) + 4 : size;

	send_part(fd, data, head, &turns);
	if (head < size) {
		await_reply(fd, &turns);
		send_part(fd, data + head, size - head, &turns);
	}
	(void)shutdown(fd, SHUT_WR);
	fuzz_pump_until(turns, peer_closed, &fd);
	close(fd);
}
