/*
 * sipp_hostile_test.c — the daemon's SIP switch under malformed and
 * unwelcome SIP: requests missing mandatory headers, bodies that are not
 * SDP, offers without G.711, unknown methods, 64 KiB of headers over UDP
 * and TCP, wrong passwords, callers that are neither trunk nor phone.
 * Each is answered with its status (or dropped when there is nowhere to
 * answer), and afterwards the daemon still registers phones and connects
 * calls. A phone registered over TCP is reached over TCP.
 *
 * sipp (tests/sipp/) sends what it can script; requests it cannot (no
 * Call-ID, whose answer it could not match, or 64 KiB headers) go out
 * from raw sockets here. The daemon listens on a fixed free port so the
 * TCP tests know where SIP over TCP is.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include "agentbar.h"
#include "itest.h"
#include "sipflow.h"
#include "sipp.h"

enum {
	ANSWER_MS = 2000,     /* bound on waiting for an answer */
	SILENCE_MS = 300,     /* how long "no answer" is watched */
	HUGE = 65000,         /* bytes of one header: about all UDP takes */
};

static struct daemon D;

struct fx {
	struct rc *a;
	struct rc *x;
	char port[8];
};

static int start(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct daemon_opts o = {.sip = true};
	const char *args[3] = {"--sip-port", NULL, NULL};

	assert_non_null(f);
	*state = f;
	snprintf(f->port, sizeof(f->port), "%u", itest_free_port(true, 1));
	args[1] = f->port;
	o.extra_args = args;
	f->a = itest_start_admin(&D, &o);
	return 0;
}

static int stop(void **state)
{
	struct fx *f = *state;

	sipp_kill_all();
	rc_close(f->x);
	itest_stop_admin(&D, f->a);
	free(f);
	return 0;
}

/* ---- raw SIP ------------------------------------------------------------ */

/* A call to dnis from the trunk with a good offer, without the header
 * that starts with omit (NULL: complete), with extra (a header line or
 * ""), Via pointing at tp/port. malloc()ed. */
static char *invite_text(const char *dnis, const char *tp, uint16_t port,
			 const char *omit, const char *extra)
{
	static const char sdp[] = "v=0\r\no=c 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
		"c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 7078 RTP/AVP 8\r\n"
		"a=rtpmap:8 PCMA/8000\r\n";
	static unsigned seq;
	char hdr[6][128];
	size_t size = strlen(extra) + 2048;
	char *s = malloc(size);
	size_t len;

	assert_non_null(s);
	seq++;
	snprintf(hdr[0], sizeof(hdr[0]), "Via: SIP/2.0/%s 127.0.0.1:%u;"
		 "branch=z9hG4bK-raw-%u-%u;rport", tp, port, getpid(), seq);
	snprintf(hdr[1], sizeof(hdr[1]), "From: <sip:%s@127.0.0.1>;tag=r%u",
		 SIPFLOW_ANI, seq);
	snprintf(hdr[2], sizeof(hdr[2]), "To: <sip:%s@127.0.0.1>", dnis);
	snprintf(hdr[3], sizeof(hdr[3]), "Call-ID: raw-%u-%u", getpid(), seq);
	snprintf(hdr[4], sizeof(hdr[4]), "CSeq: 1 INVITE");
	snprintf(hdr[5], sizeof(hdr[5]), "Contact: <sip:%s@127.0.0.1:%u>",
		 SIPFLOW_ANI, port);
	len = (size_t)snprintf(s, size, "INVITE sip:%s@127.0.0.1:%u "
			       "SIP/2.0\r\nMax-Forwards: 70\r\n", dnis,
			       D.sip_port);
	for (size_t i = 0; i < 6; i++)
		if (!omit || strncmp(hdr[i], omit, strlen(omit)))
			len += (size_t)snprintf(s + len, size - len,
						"%s\r\n", hdr[i]);
	snprintf(s + len, size - len, "%sContent-Type: application/sdp\r\n"
		 "Content-Length: %zu\r\n\r\n%s", extra, strlen(sdp), sdp);
	return s;
}

/* The first final status read from fd within ms: 0 if none came, -1 if
 * the connection closed. */
static int final_status(int fd, int ms)
{
	char buf[2048];

	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t n;
		int code;

		if (poll(&p, 1, ms) <= 0)
			return 0;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			return -1;
		buf[n] = '\0';
		/* several answers may come in one read over TCP */
		for (char *m = strstr(buf, "SIP/2.0 "); m;
		     m = strstr(m + 1, "SIP/2.0 ")) {
			code = atoi(m + 8);
			if (code >= 200)
				return code;
		}
	}
}

static int loopback_socket(int type, uint16_t *port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

static struct sockaddr_in daemon_sip(void)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(D.sip_port)};

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

/* An INVITE to 4000 over UDP from a fresh port; its final status, 0 if
 * none came within ms. */
static int udp_invite(const char *omit, const char *extra, int ms)
{
	struct sockaddr_in to = daemon_sip();
	uint16_t port;
	int fd = loopback_socket(SOCK_DGRAM, &port);
	char *msg = invite_text("4000", "UDP", port, omit, extra);
	int code;

	assert_true(sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&to,
			   sizeof(to)) == (ssize_t)strlen(msg));
	code = final_status(fd, ms);
	free(msg);
	close(fd);
	return code;
}

/* An INVITE over a new TCP connection; its final status, 0 if none came,
 * -1 if the daemon closed the connection. */
static int tcp_invite(const char *dnis, const char *extra)
{
	struct sockaddr_in to = daemon_sip();
	uint16_t port;
	int fd = loopback_socket(SOCK_STREAM, &port);
	char *msg = invite_text(dnis, "TCP", port, NULL, extra);
	size_t off = 0, len = strlen(msg);
	int code;

	assert_int_equal(connect(fd, (struct sockaddr *)&to, sizeof(to)), 0);
	while (off < len) {
		ssize_t n = send(fd, msg + off, len - off, MSG_NOSIGNAL);

		if (n <= 0)
			break;   /* the daemon gave up on us: read why */
		off += (size_t)n;
	}
	code = final_status(fd, ANSWER_MS);
	free(msg);
	close(fd);
	return code;
}

/* What a request too large to serve may get: nothing, a closed
 * connection or a 4xx. */
static bool dropped_or_refused(int code)
{
	return code <= 0 || (code >= 400 && code < 500);
}

static char *huge_header(size_t n)
{
	char *s = malloc(n + 16);

	assert_non_null(s);
	memcpy(s, "X-Huge: ", 8);
	memset(s + 8, 'a', n);
	memcpy(s + 8 + n, "\r\n", 3);
	return s;
}

/* ---- tests -------------------------------------------------------------- */

/* After whatever came before, a phone still registers and takes a call. */
static void still_serving(struct fx *f)
{
	uint16_t port = itest_free_port(false, 1);
	char call_id[128];

	assert_true(daemon_alive(&D));
	sipflow_register(&D, "1880", port, false);
	f->x = sipflow_signin(&D, "2002", "1880");
	sipflow_answered_call(&D, f->x, "1880", port, false, call_id,
			      sizeof(call_id));
}

static void malformed_requests(void **state)
{
	struct fx *f = *state;
	const struct sipp_opts o = {.scenario = "hostile_invites.xml",
				    .remote_port = D.sip_port,
				    .service = "4000"};
	char *big;

	/* RFC 3261 8.1.1's mandatory headers */
	assert_int_equal(udp_invite("Call-ID:", "", ANSWER_MS), 400);
	assert_int_equal(udp_invite("From:", "", ANSWER_MS), 400);
	assert_int_equal(udp_invite("To:", "", ANSWER_MS), 400);
	assert_int_equal(udp_invite("CSeq:", "", ANSWER_MS), 400);
	/* no Via: nowhere to answer */
	assert_int_equal(udp_invite("Via:", "", SILENCE_MS), 0);
	/* not SDP (400), no G.711 (488), method FOO (501) */
	assert_int_equal(sipp_run(&o), 0);

	/* 64 KiB of header: over UDP as much as a datagram holds, over TCP
	 * more than the daemon buffers; dropped or refused, never served */
	big = huge_header(HUGE);
	assert_true(dropped_or_refused(udp_invite(NULL, big, SILENCE_MS)));
	free(big);
	big = huge_header(64 * 1024 + 1);
	assert_true(dropped_or_refused(tcp_invite("4000", big)));
	free(big);
	/* while a sane request over TCP is read (to a number without a
	 * route: refused, and no call left waiting in a queue) */
	assert_int_equal(tcp_invite("4999", ""), 404);

	still_serving(f);
}

/* Wrong credentials, and callers that are neither trunk nor phone. */
static void unwelcome_callers(void **state)
{
	struct fx *f = *state;
	const struct sipp_opts wrong = {
		.scenario = "register_refused.xml", .remote_port = D.sip_port,
		.service = "1881", .user = "1881", .password = "4321",
	};
	const struct sipp_opts stranger = {
		.scenario = "invite_forbidden.xml", .remote_port = D.sip_port,
		.local_ip = "127.0.0.2", .service = "4000",
	};
	const struct sipp_opts phone_calls = {
		.scenario = "customer_talks.xml", .remote_port = D.sip_port,
		.local_ip = "127.0.0.2", .service = "4000",
	};
	const struct sipp_opts phone_registers = {
		.scenario = "register.xml", .remote_port = D.sip_port,
		.local_ip = "127.0.0.2", .service = "1882", .user = "1882",
		.password = "1234", .expires = "3600",
	};

	assert_int_equal(sipp_run(&wrong), 0);        /* 401, then 403 */
	assert_int_equal(sipp_run(&stranger), 0);     /* 403 */
	/* a phone registered from that address may call in */
	assert_int_equal(sipp_run(&phone_registers), 0);
	assert_int_equal(sipp_run(&phone_calls), 0);
	still_serving(f);
}

/* A phone registered over TCP gets its calls over TCP. */
static void tcp_phone(void **state)
{
	struct fx *f = *state;
	uint16_t port = itest_free_port(true, 1);
	char call_id[128];

	sipflow_register(&D, "1880", port, true);
	f->x = sipflow_signin(&D, "2002", "1880");
	sipflow_answered_call(&D, f->x, "1880", port, true, call_id,
			      sizeof(call_id));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, start, stop)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(malformed_requests),
		T(unwelcome_callers),
		T(tcp_phone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
