/*
 * sip_ws_test.c — SIP over WebSocket at /sip on the daemon's HTTP port:
 * the handshake answers the "sip" sub-protocol (and refuses a client
 * that offers none), and a SIP request sent as a WebSocket message
 * reaches the SIP switch and its answer comes back as one. The browser
 * phone end to end (REGISTER, calls, WebRTC media) is
 * tests/unit/sip_webrtc_test.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "itest.h"

static struct daemon d;

static int setup(void **state)
{
	struct daemon_opts o = {.sip = true};

	(void)state;
	daemon_start(&d, &o);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	daemon_stop(&d);
	daemon_cleanup(&d);
	return 0;
}

/* Sends the upgrade; true when the answer is 101 with "sip". */
static bool handshake(struct rc *c, const char *proto)
{
	char req[512], *line;
	bool ok = false, sip = false;

	snprintf(req, sizeof(req),
		 "GET /sip HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		 "Upgrade: websocket\r\nConnection: Upgrade\r\n"
		 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
		 "Sec-WebSocket-Version: 13\r\n%s\r\n", proto);
	rc_send_str(c, req);
	while ((line = rc_read_line(c, 3000))) {
		bool end = !strcmp(line, "\r") || !*line;

		if (!strncmp(line, "HTTP/1.1 101", 12))
			ok = true;
		if (!strncmp(line, "Sec-WebSocket-Protocol: sip", 27))
			sip = true;
		free(line);
		if (end)
			break;
	}
	return ok && sip;
}

/* One masked text frame (clients must mask). */
static void frame_send(struct rc *c, const char *text)
{
	static const unsigned char key[4] = {0x11, 0x22, 0x33, 0x44};
	size_t n = strlen(text), h = 0;
	unsigned char *buf = malloc(n + 8);

	assert_non_null(buf);
	assert_true(n < 65536);
	buf[h++] = 0x81;
	if (n < 126) {
		buf[h++] = (unsigned char)(0x80 | n);
	}
	else {
		buf[h++] = 0x80 | 126;
		buf[h++] = (unsigned char)(n >> 8);
		buf[h++] = (unsigned char)n;
	}
	memcpy(buf + h, key, 4);
	h += 4;
	for (size_t i = 0; i < n; i++)
		buf[h + i] = (unsigned char)text[i] ^ key[i & 3];
	rc_send_raw(c, buf, h + n);
	free(buf);
}

static void test_sip_over_websocket(void **state)
{
	struct rc *c = rc_connect(d.http_port);
	char *line;
	bool answered = false;

	(void)state;
	assert_true(handshake(c, "Sec-WebSocket-Protocol: sip\r\n"));
	frame_send(c, "OPTIONS sip:callcloud SIP/2.0\r\n"
		      "Via: SIP/2.0/WS df7jal23ls0d.invalid;"
		      "branch=z9hG4bKws1\r\n"
		      "Max-Forwards: 70\r\n"
		      "To: <sip:callcloud>\r\n"
		      "From: <sip:tester@df7jal23ls0d.invalid>;tag=ws1\r\n"
		      "Call-ID: sip-ws-test-1\r\n"
		      "CSeq: 1 OPTIONS\r\n"
		      "Content-Length: 0\r\n\r\n");
	/* the frame's header bytes come first on the status line */
	while (!answered && (line = rc_read_line(c, 3000))) {
		answered = strstr(line, "SIP/2.0 200 OK") != NULL;
		free(line);
	}
	assert_true(answered);
	rc_close(c);
}

static void test_no_sip_subprotocol(void **state)
{
	struct rc *c = rc_connect(d.http_port);
	char *line;

	(void)state;
	rc_send_str(c, "GET /sip HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		       "Upgrade: websocket\r\nConnection: Upgrade\r\n"
		       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
		       "Sec-WebSocket-Version: 13\r\n\r\n");
	line = rc_read_line(c, 3000);
	assert_non_null(line);
	assert_non_null(strstr(line, "HTTP/1.1 400"));
	free(line);
	rc_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sip_over_websocket),
		cmocka_unit_test(test_no_sip_subprotocol),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
