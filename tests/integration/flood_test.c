/*
 * flood_test.c — the [limits] of docs/security.md "Limits and floods",
 * one door at a time, on a daemon with small limits (LIMITS_INI) so each
 * flood is short: connections past the per-source count refused while
 * another loopback source (127.0.0.2) still signs in and takes a call; a
 * fresh connection closed after signin_timeout; requests over the rate
 * answered -32029, and a client far over it dropped; a client that never
 * reads its replies dropped once they pass outq_max_bytes, others
 * unaffected; an INVITE flood from one address answered 503 with
 * Retry-After while a phone and a customer elsewhere still talk; an HTTP
 * request never finished closed, and HTTP connections past the count
 * of their address shut while another address is served.
 *
 * Loopback only; every wait is bounded; each test stops its daemon.
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

#define LIMITS_INI "[limits]\nconns_per_source = 8\nrpc_rate = 5\n" \
	"rpc_burst = 10\nsignin_timeout = 2\noutq_max_bytes = 65536\n" \
	"http_header_timeout = 2\n" \
	"sip_rate = 5\nsip_burst = 10\n"

enum {
	PER_SOURCE = 8,      /* conns_per_source above */
	BURST = 10,          /* rpc_burst, sip_burst */
	FLOOD = 40,          /* INVITEs of the SIP flood */
};

static struct daemon D;

/* The value of callcloud_limited_total{limit="key"} in /metrics. */
static long long limited(const char *key)
{
	static char buf[1 << 17];
	char series[96];
	const char *body = itest_http_get(D.http_port, "/metrics", buf,
					  sizeof(buf));
	const char *p;

	snprintf(series, sizeof(series),
		 "\ncallcloud_limited_total{limit=\"%s\"} ", key);
	p = strstr(body, series);
	assert_non_null(p);
	return atoll(p + strlen(series));
}

static int start_sim(void **state)
{
	struct daemon_opts o = {.extra_ini = LIMITS_INI};

	*state = itest_start_admin(&D, &o);
	return 0;
}

static int start_sip(void **state)
{
	struct daemon_opts o = {.sip = true, .extra_ini = LIMITS_INI};

	*state = itest_start_admin(&D, &o);
	return 0;
}

static int stop(void **state)
{
	sipp_kill_all();
	itest_stop_admin(&D, *state);
	return 0;
}

/* Past conns_per_source the daemon closes a new connection at once; a
 * connection from 127.0.0.2 signs in and is offered a call meanwhile. */
static void per_source_count(void **state)
{
	struct rc *admin = *state, *held[PER_SOURCE], *more, *x;
	char call_id[64];
	int i;

	/* the admin connection is one of 127.0.0.1's */
	for (i = 0; i < PER_SOURCE - 1; i++) {
		held[i] = rc_connect(D.agent_port);
		/* signed in: not closed as fresh while the test runs */
		assert_int_equal(itest_admin_login(held[i]), ArSuccess);
	}
	more = rc_connect(D.agent_port);
	assert_true(rc_wait_closed(more, ITEST_TIMEOUT_MS));
	rc_close(more);
	assert_true(daemon_log_contains(&D, "too many connections"));
	assert_true(limited("conns_per_source") >= 1);

	x = rc_connect_from("127.0.0.2", "127.0.0.1", D.agent_port);
	assert_int_equal(itest_signin(x, "2002", "1889", "示例"), ArSuccess);
	itest_expect_drop(x, "OnReady", CerIdleSelfLogin);
	assert_int_equal(itest_sim_inbound(admin, "13800000000", "4000",
					   call_id, sizeof(call_id)),
			 ArSuccess);
	itest_expect_drop(x, "OnAlerting", -1);
	assert_int_equal(itest_code(x, "Answer", NULL), ArSuccess);
	itest_expect_drop(x, "OnConnected", CerTalkOtherCreat);
	rc_close(x);

	/* one of 127.0.0.1's goes: its place is free again */
	rc_close(held[0]);
	itest_sleep_ms(300);   /* for the daemon to see it go */
	more = rc_connect(D.agent_port);
	assert_true(itest_heartbeat_ok(more));
	rc_close(more);
	for (i = 1; i < PER_SOURCE - 1; i++)
		rc_close(held[i]);
}

/* A connection that neither signs in nor logs in is closed after
 * signin_timeout; one that logged in stays. */
static void fresh_connection_closed(void **state)
{
	struct rc *idle = rc_connect(D.agent_port);

	(void)state;
	assert_true(rc_wait_closed(idle, ITEST_TIMEOUT_MS));
	rc_close(idle);
	assert_true(itest_heartbeat_ok(*state));
	assert_int_equal(limited("signin_timeout"), 1);
}

/* Pipelined requests past the burst are answered -32029 without being
 * run; the connection works again once the bucket refilled. An agent's
 * connection (the sign-in took a token): a fresh one would be closed
 * after signin_timeout. */
static void rate_limited(void **state)
{
	struct rc *c = rc_connect(D.agent_port);
	char line[128];
	int ok = 0, refused = 0;
	json_t *m;

	(void)state;
	assert_int_equal(itest_signin(c, "2003", "1883", NULL), ArSuccess);
	rc_drain(c, 0);
	for (int i = 0; i < BURST + 5; i++) {
		snprintf(line, sizeof(line), "{\"jsonrpc\":\"2.0\",\"id\":%d,"
			 "\"method\":\"Heartbeat\"}\n", 1000 + i);
		rc_send_str(c, line);
	}
	while (ok + refused < BURST + 5) {
		m = rc_read_msg(c, ITEST_TIMEOUT_MS);
		assert_non_null(m);
		if (json_object_get(m, "method"))
			;   /* an event of the sign-in (OnReady) */
		else if (json_object_get(m, "result"))
			ok++;
		else if (json_integer_value(json_object_get(
				json_object_get(m, "error"), "code")) ==
			 -32029)
			refused++;
		else
			fail_msg("neither an answer nor -32029");
		json_decref(m);
	}
	assert_true(ok >= BURST - 1);
	assert_true(refused >= 1);
	assert_int_equal(limited("rpc_rate"), refused);
	itest_sleep_ms(1000);   /* rpc_rate 5 a second: some tokens back */
	assert_true(itest_heartbeat_ok(c));
	rc_close(c);
}

/* Far over the rate (rpc_burst refused in a row): dropped. */
static void far_over_rate_dropped(void **state)
{
	struct rc *c = rc_connect(D.agent_port);
	char *buf = malloc(100 * 64);
	size_t len = 0;

	(void)state;
	assert_non_null(buf);
	for (int i = 0; i < 100; i++)
		len += (size_t)sprintf(buf + len, "{\"jsonrpc\":\"2.0\","
				       "\"id\":%d,\"method\":\"Heartbeat\"}\n",
				       i);
	rc_send_raw(c, buf, len);
	free(buf);
	assert_true(rc_wait_closed(c, ITEST_TIMEOUT_MS));
	rc_close(c);
	assert_true(daemon_log_contains(&D, "far over the request rate"));
	assert_true(itest_heartbeat_ok(*state));
}

/* A socket that sends without reading; its receive buffer small, so the
 * daemon's replies pile up on the daemon's side. */
static int unread_socket(uint16_t port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(port)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int small = 4096;

	assert_true(fd >= 0);
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)),
			 0);
	return fd;
}

/* Sends s whole, unless the daemon closed the connection (then false);
 * bounded by ITEST_TIMEOUT_MS. */
static bool send_all(int fd, const char *s, size_t len)
{
	int64_t end = itest_now_ms() + ITEST_TIMEOUT_MS;

	while (len && itest_now_ms() < end) {
		struct pollfd pfd = {.fd = fd, .events = POLLOUT};
		ssize_t n;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = send(fd, s, len, MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return false;
		if (n > 0) {
			s += n;
			len -= (size_t)n;
		}
	}
	return !len;
}

/* Whether the daemon closes fd (its end, or a reset) within 10 s; what
 * it sent is left unread. */
static bool hung_up(int fd)
{
	struct pollfd pfd = {.fd = fd, .events = POLLRDHUP};

	return poll(&pfd, 1, 10000) == 1 &&
	       (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR));
}

/* An admin (not rate-limited) asks for the directory again and again
 * and never reads: once the unread replies pass outq_max_bytes the
 * session is dropped (while we still write, or once the daemon worked
 * through what the kernel buffered), and the daemon serves the others
 * meanwhile. */
static void slow_reader_dropped(void **state)
{
	static const char login[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
		"\"Admin.Login\",\"params\":{\"user\":\"admin\","
		"\"password\":\"admin\"}}\n";
	static const char list[] = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
		"\"Admin.ListAgents\"}\n";
	int fd = unread_socket(D.agent_port);
	bool open = send_all(fd, login, strlen(login));

	for (int i = 0; open && i < 20000; i++) {
		open = send_all(fd, list, strlen(list));
		if (i % 1000 == 0)
			assert_true(itest_heartbeat_ok(*state));
	}
	assert_true(hung_up(fd) || !open);   /* the daemon closed it */
	close(fd);
	assert_true(daemon_log_contains(&D, "peer does not read") ||
		    daemon_log_contains(&D, "output queue full"));
	assert_int_equal(limited("outq_max_bytes"), 1);
	assert_true(itest_heartbeat_ok(*state));
}

/* The final answers to the INVITEs of the flood, by their number (the
 * end of the Call-ID): code[i], 503s only with Retry-After. A 403 comes
 * again until ACKed; the first one counts. False once nothing came for
 * ms. */
static bool sip_answer(int fd, int code[FLOOD], int ms)
{
	char buf[4096];
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	const char *cid;
	ssize_t n;
	int c, i;

	if (poll(&pfd, 1, ms) <= 0)
		return false;
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	cid = strstr(buf, "Call-ID: flood-");
	if (sscanf(buf, "SIP/2.0 %d", &c) != 1 || c < 200 || !cid ||
	    sscanf(cid, "Call-ID: flood-%*d-%d", &i) != 1 || i < 0 ||
	    i >= FLOOD)
		return true;   /* 100 Trying, or not ours */
	if (c == 503)
		assert_non_null(strstr(buf, "\r\nRetry-After: "));
	if (!code[i])
		code[i] = c;
	return true;
}

/* INVITEs from 127.0.0.2, neither trunk nor phone: within the burst they
 * are refused 403 as always, past it 503 with Retry-After, before anyone
 * looks at who sends them. Meanwhile a phone registers from 127.0.0.1
 * and takes a customer's call from there. */
static void sip_invite_flood(void **state)
{
	struct sockaddr_in from = {.sin_family = AF_INET}, to = from;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	socklen_t len = sizeof(from);
	int forbidden = 0, busy = 0, code[FLOOD] = {0};
	struct rc *x;
	char msg[1024], call_id[64];

	assert_true(fd >= 0);
	inet_pton(AF_INET, "127.0.0.2", &from.sin_addr);
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	to.sin_port = htons(D.sip_port);
	assert_int_equal(bind(fd, (struct sockaddr *)&from, sizeof(from)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&from, &len), 0);
	for (int i = 0; i < FLOOD; i++) {
		int n = snprintf(msg, sizeof(msg),
			"INVITE sip:4000@127.0.0.1 SIP/2.0\r\n"
			"Via: SIP/2.0/UDP 127.0.0.2:%u;branch=z9hG4bK-fl%d\r\n"
			"Max-Forwards: 70\r\n"
			"From: <sip:13900000000@127.0.0.2>;tag=fl%d\r\n"
			"To: <sip:4000@127.0.0.1>\r\n"
			"Call-ID: flood-%d-%d\r\n"
			"CSeq: 1 INVITE\r\n"
			"Contact: <sip:13900000000@127.0.0.2:%u>\r\n"
			"Content-Length: 0\r\n\r\n", ntohs(from.sin_port), i,
			i, (int)getpid(), i, ntohs(from.sin_port));

		assert_int_equal(sendto(fd, msg, (size_t)n, 0,
					(struct sockaddr *)&to, sizeof(to)),
				 n);
	}
	while (sip_answer(fd, code, 1000))
		;
	close(fd);
	for (int i = 0; i < FLOOD; i++) {
		if (code[i] == 503)
			busy++;
		else if (code[i] == 403)
			forbidden++;
		else
			fail_msg("INVITE %d of the flood answered %d", i,
				 code[i]);
	}
	assert_true(busy >= 1);
	assert_true(forbidden >= 1 && forbidden <= BURST + 2);

	sipflow_register(&D, "1889", 5391, false);
	x = sipflow_signin(&D, "2002", "1889");
	sipflow_answered_call(&D, x, "1889", 5391, false, call_id,
			      sizeof(call_id));
	rc_close(x);
	(void)state;
}

/* The status line of the answer to what c sent: 200 expected. */
static void expect_200(struct rc *c)
{
	char *line = rc_read_line(c, ITEST_TIMEOUT_MS);

	assert_non_null(line);
	assert_non_null(strstr(line, " 200 "));
	free(line);
}

/* An HTTP request whose headers never end is closed after
 * http_header_timeout (2 s); a whole one is answered and the connection
 * kept, and so is one whose headers end well within the timeout, after
 * the gate's sweep (every second) has seen it. */
static void http_slowloris(void **state)
{
	struct rc *slow = rc_connect(D.http_port);
	struct rc *fine = rc_connect(D.http_port);
	struct rc *late = rc_connect(D.http_port);

	(void)state;
	rc_send_str(slow, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
	rc_send_str(late, "GET /health HTTP/1.1\r\n");
	rc_send_str(fine, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
	expect_200(fine);
	itest_sleep_ms(1200);
	rc_send_str(late, "Host: 127.0.0.1\r\n\r\n");
	expect_200(late);
	rc_close(late);
	rc_send_str(slow, "X-Slow: 1\r\n");
	assert_true(rc_wait_closed(slow, ITEST_TIMEOUT_MS));
	rc_close(slow);
	assert_int_equal(limited("http_header_timeout"), 1);
	assert_false(rc_wait_closed(fine, 500));
	rc_close(fine);
}

/* Past conns_per_source on the HTTP port, connections of that address
 * are shut; another address is served meanwhile. */
static void http_per_source(void **state)
{
	struct rc *c[PER_SOURCE + 4], *other;
	int i;

	(void)state;
	for (i = 0; i < PER_SOURCE + 4; i++)
		c[i] = rc_connect(D.http_port);
	other = rc_connect_from("127.0.0.2", "127.0.0.1", D.http_port);
	rc_send_str(other, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		    "\r\n");
	expect_200(other);
	/* at least the ones past the count go, before the header timeout
	 * takes the rest */
	for (i = 0; i < PER_SOURCE + 4; i++) {
		assert_true(rc_wait_closed(c[i], ITEST_TIMEOUT_MS));
		rc_close(c[i]);
	}
	assert_true(daemon_log_contains(&D, "http port: 127.0.0.1: too many "
					"connections"));
	rc_close(other);
}

#define SIM(fn) cmocka_unit_test_setup_teardown(fn, start_sim, stop)
#define SIP(fn) cmocka_unit_test_setup_teardown(fn, start_sip, stop)

int main(void)
{
	const struct CMUnitTest tests[] = {
		SIM(per_source_count),
		SIM(fresh_connection_closed),
		SIM(rate_limited),
		SIM(far_over_rate_dropped),
		SIM(slow_reader_dropped),
		SIP(sip_invite_flood),
		SIM(http_slowloris),
		SIM(http_per_source),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
