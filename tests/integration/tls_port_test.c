/*
 * tls_port_test.c — the TLS ports, end to end (docs/security.md "TLS"):
 * a daemon on the sim switch with --agent-tls-port 0 --https-port 0
 * generates tls.pem in its data directory, and clients that check the
 * certificate against that file, for 127.0.0.1, sign in and take a call
 * on the agent TLS port, fetch pages over HTTPS and sign in over WSS.
 * Clients that do not speak TLS, or not well enough, are closed without
 * hurting the others; a configured certificate that is missing or not a
 * PEM keeps the daemon from starting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "agentbar_codes.h"
#include "evrec.h"
#include "itest.h"

static struct daemon *const d = &itest_daemon;   /* the group's */
static char ca[192];      /* the daemon's generated tls.pem */

/* itest_daemon with both TLS ports on; itest_daemon_teardown stops it */
static int setup(void **state)
{
	static const char *const args[] = {
		"--agent-tls-port", "0", "--https-port", "0", NULL,
	};
	struct daemon_opts o = {.extra_args = args};

	(void)state;
	daemon_start(d, &o);
	snprintf(ca, sizeof(ca), "%s/tls.pem", d->dir);
	return 0;
}

/* How many times the daemon's log holds needle. */
static int log_count(const char *needle)
{
	FILE *f = fopen(d->log, "r");
	char *text = calloc(1, 1 << 20), *p;
	int n = 0;

	assert_non_null(f);
	assert_non_null(text);
	(void)fread(text, 1, (1 << 20) - 1, f);
	fclose(f);
	for (p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	free(text);
	return n;
}

static void test_ready_line_and_log(void **state)
{
	(void)state;
	assert_true(d->agent_tls_port && d->https_port);
	assert_true(d->agent_tls_port != d->agent_port);
	assert_true(d->https_port != d->http_port);
	assert_true(access(ca, R_OK) == 0);
	/* where the certificate is, and what a client pins */
	assert_true(daemon_log_contains(d, "TLS certificate "));
	assert_true(daemon_log_contains(d, "/tls.pem, SHA-256 fingerprint "));
}

/* An agent on the TLS port: sign-in, a call from the sim switch with its
 * events, the same methods as on the plain port. */
static void test_agent_takes_a_call(void **state)
{
	struct rc *c = rc_connect_tls(d->agent_tls_port, ca);
	struct rc *a = itest_admin(d);
	char call_id[32];
	json_t *r;

	(void)state;
	assert_int_equal(itest_signin(c, "2002", "1882", "示例=1"), ArSuccess);
	itest_expect_drop(c, "OnReady", -1);
	assert_int_equal(itest_sim_inbound(a, "13800000000", "4000", call_id,
					   sizeof(call_id)), ArSuccess);
	itest_expect_drop(c, "OnAlerting", -1);
	assert_int_equal(itest_sim_answer(a, "1882"), ArSuccess);
	itest_expect_drop(c, "OnConnected", -1);
	r = rc_call(c, "GetCallingNo", NULL);
	assert_string_equal(rc_data(r), "13800000000");
	json_decref(r);
	assert_int_equal(itest_code(c, "ReleaseCall", NULL), ArSuccess);
	itest_expect_drop(c, "OnReady", CerIdleNormalSelfHangup);
	assert_int_equal(itest_code(c, "SignOut", NULL), ArSuccess);
	rc_close(c);
	rc_close(a);
}

/* The fingerprint the daemon logged ("AB:CD:..."), into fp. */
static void logged_fingerprint(char *fp, size_t size)
{
	static const char key[] = "SHA-256 fingerprint ";
	FILE *f = fopen(d->log, "r");
	char line[512], *p = NULL;

	assert_non_null(f);
	while (!p && fgets(line, sizeof(line), f))
		p = strstr(line, key);
	fclose(f);
	assert_non_null(p);
	p += sizeof(key) - 1;
	p[strcspn(p, "\r\n")] = 0;
	assert_int_equal(strlen(p), 32 * 3 - 1);
	snprintf(fp, size, "%s", p);
}

/* A bar of the C SDK on tls://, checking the daemon's certificate. */
static AgentBar *tls_bar(struct evrec *rec, const char *agent,
			 const char *dn, const char *prop, const char *value)
{
	AgentBar *bar = evrec_bar(rec, d->agent_port, agent, dn);
	char addr[64];

	snprintf(addr, sizeof(addr), "tls://127.0.0.1:%u", d->agent_tls_port);
	assert_int_equal(ab_SetProperty(bar, "MainCTIIP", addr), 0);
	assert_int_equal(ab_SetProperty(bar, prop, value), 0);
	return bar;
}

/* libagentbar over TLS to the daemon: the generated tls.pem as its CA
 * file, then its logged fingerprint pinned, take a call; a wrong pin is
 * a server refused before the password goes out. */
static void test_sdk_over_tls(void **state)
{
	struct evrec *rec = evrec_new(), *rec2 = evrec_new();
	AgentBar *bar = tls_bar(rec, "2003", "1883", "TLSCAFile", ca);
	struct rc *a = itest_admin(d);
	char call_id[32], fp[128];
	AgentBar *pinned, *wrong;

	(void)state;
	assert_int_equal(ab_Initial(bar), ArSuccess);
	assert_int_equal(ab_SignIn(bar), ArSuccess);
	assert_non_null(evrec_wait(rec, "OnReady", 3000));
	assert_int_equal(itest_sim_inbound(a, "13900000000", "4000", call_id,
					   sizeof(call_id)), ArSuccess);
	assert_non_null(evrec_wait(rec, "OnAlerting", 3000));
	assert_int_equal(ab_Answer(bar), ArSuccess);
	assert_non_null(evrec_wait(rec, "OnConnected", 3000));
	assert_int_equal(ab_ReleaseCall(bar), ArSuccess);
	assert_int_equal(ab_SignOut(bar), ArSuccess);
	assert_int_equal(ab_UnInitial(bar), ArSuccess);
	ab_Destroy(bar);
	evrec_free(rec);

	logged_fingerprint(fp, sizeof(fp));
	pinned = tls_bar(rec2, "2004", "1884", "TLSFingerprint", fp);
	assert_int_equal(ab_Initial(pinned), ArSuccess);
	assert_int_equal(ab_SignIn(pinned), ArSuccess);
	assert_non_null(evrec_wait(rec2, "OnReady", 3000));
	assert_int_equal(ab_SignOut(pinned), ArSuccess);
	ab_Destroy(pinned);
	evrec_free(rec2);

	/* the same digest with its first byte changed */
	fp[0] = fp[0] == 'A' ? 'B' : 'A';
	rec = evrec_new();
	wrong = tls_bar(rec, "2005", "1885", "TLSFingerprint", fp);
	assert_int_equal(ab_Initial(wrong), AGENTBARERROR_BGCC_CLIENTPROXYFAIL);
	ab_Destroy(wrong);
	evrec_free(rec);
	rc_close(a);
}

/* A client that is not TLS, or speaks it badly, is closed and logged
 * once; the signed-in agent beside it does not notice. */
static void test_bad_clients_closed(void **state)
{
	static const struct {
		const char *p;
		size_t n;
	} junk[] = {
		{"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Heartbeat\"}\n",
		 46},
		{"\x16\x03\x01\x00\x08garbage!", 13},     /* a broken hello */
		{"\x16\x03\x03\xff\xffxx", 7},            /* a record too long */
	};
	struct rc *c = rc_connect_tls(d->agent_tls_port, ca);
	int before = log_count("TLS handshake failed"), fd;

	(void)state;
	assert_int_equal(itest_signin(c, "2003", "1883", "示例=1"), ArSuccess);
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		struct rc *p = rc_connect(d->agent_tls_port);

		rc_send_raw(p, junk[i].p, junk[i].n);
		assert_true(rc_wait_closed(p, ITEST_TIMEOUT_MS));
		rc_close(p);
	}
	/* TLS 1.1, below the floor */
	fd = itest_tcp_connect(d->agent_tls_port);
	assert_null(itest_tls(fd, ca, TLS1_1_VERSION));
	close(fd);
	assert_true(itest_heartbeat_ok(c));
	assert_int_equal(log_count("TLS handshake failed") - before, 4);
	assert_true(daemon_alive(d));
	rc_close(c);
}

static void test_https(void **state)
{
	const char *body;
	char buf[65536], req[128];

	(void)state;
	snprintf(req, sizeof(req), "GET / HTTP/1.1\r\nHost: 127.0.0.1:%u"
		 "\r\n\r\n", d->https_port);
	assert_int_equal(itest_https(d->https_port, ca, req, buf, sizeof(buf),
				     &body), 200);
	assert_non_null(strstr(body, "<html"));
	/* no HSTS: it would hold for the plain HTTP port too */
	assert_null(strstr(buf, "Strict-Transport-Security"));
	assert_int_equal(itest_https(d->https_port, ca,
				     "GET /health HTTP/1.1\r\nHost: x\r\n\r\n",
				     buf, sizeof(buf), &body), 200);
	assert_non_null(strstr(body, "\"ok\""));
	/* the plain port as before; plain HTTP on the HTTPS port: nothing */
	itest_http_get(d->http_port, "/health", buf, sizeof(buf));
	assert_int_equal(itest_http(d->https_port, "GET /health HTTP/1.1\r\n"
				    "Host: x\r\n\r\n", buf, sizeof(buf), NULL),
			 -1);
	/* TLS 1.1, below the floor here too */
	{
		int fd = itest_tcp_connect(d->https_port);

		assert_null(itest_tls(fd, ca, TLS1_1_VERSION));
		close(fd);
	}
}

/* One masked text frame, as a client sends it (126 to 1023 bytes: a
 * 16-bit length). */
static void wss_send(SSL *ssl, const char *text)
{
	uint8_t f[1032] = {0x81, 0x80 | 126}, mask[4] = {1, 2, 3, 4};
	size_t n = strlen(text);

	assert_true(n >= 126 && n < 1024);
	f[2] = (uint8_t)(n >> 8);
	f[3] = (uint8_t)n;
	memcpy(f + 4, mask, 4);
	for (size_t i = 0; i < n; i++)
		f[8 + i] = (uint8_t)text[i] ^ mask[i % 4];
	assert_true(itest_tls_write(ssl, f, 8 + n));
}

/* The next text frame's payload (the server's: unmasked, < 64 KiB). */
static void wss_read(SSL *ssl, char *out, size_t size)
{
	static uint8_t buf[70000];
	static size_t len;
	size_t hdr = 2, n = 0;
	ssize_t r;

	for (;;) {
		if (len >= 2) {
			hdr = (buf[1] & 0x7f) == 126 ? 4 : 2;
			n = hdr == 4 ? (size_t)buf[2] << 8 | buf[3] :
				buf[1] & 0x7f;
			if (len >= hdr && len >= hdr + n)
				break;
		}
		r = itest_tls_read(ssl, buf + len, sizeof(buf) - len);
		if (!r)
			fail_msg("WSS: closed while reading a frame");
		if (r > 0)
			len += (size_t)r;
	}
	assert_int_equal(buf[0], 0x81);
	assert_true(n < size);
	memcpy(out, buf + hdr, n);
	out[n] = '\0';
	memmove(buf, buf + hdr + n, len - hdr - n);
	len -= hdr + n;
}

/* The web toolbar's way in: /ws over HTTPS, from a page of the same
 * host, and a SignIn in it. */
static void test_wss_signin(void **state)
{
	int fd = itest_tcp_connect(d->https_port);
	SSL *ssl = itest_tls(fd, ca, 0);
	char req[512], resp[4096], msg[4096];
	size_t len = 0;

	(void)state;
	assert_non_null(ssl);
	snprintf(req, sizeof(req),
		 "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
		 "Origin: https://127.0.0.1:%u\r\n"
		 "Upgrade: websocket\r\nConnection: Upgrade\r\n"
		 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
		 "Sec-WebSocket-Version: 13\r\n\r\n", d->https_port,
		 d->https_port);
	assert_true(itest_tls_write(ssl, req, strlen(req)));
	/* the 101 comes alone: the server speaks only when spoken to */
	while (!strstr(resp, "\r\n\r\n") && len < sizeof(resp) - 1) {
		ssize_t r = itest_tls_read(ssl, resp + len,
					   sizeof(resp) - 1 - len);

		if (!r)
			fail_msg("WSS: closed before the 101");
		len += r > 0 ? (size_t)r : 0;
		resp[len] = '\0';
	}
	assert_int_equal(strncmp(resp, "HTTP/1.1 101", 12), 0);
	wss_send(ssl, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SignIn\","
		 "\"params\":{\"AgentID\":\"2004\",\"PassWord\":\"2004123\","
		 "\"DN\":\"1884\",\"ServiceList\":\"示例=1\"}}");
	do
		wss_read(ssl, msg, sizeof(msg));
	while (!strstr(msg, "\"id\":1"));
	assert_non_null(strstr(msg, "\"code\":0"));
	itest_tls_close(ssl);
	close(fd);
}

/* A configured certificate that is missing, or not a certificate, keeps
 * the daemon from starting, and the log says which file. */
static void test_bad_certificate_refused(void **state)
{
	char path[] = "/tmp/tls-port-test-XXXXXX", out[8192];
	const char *args[] = {
		"--db", "cc.db", "--switch", "sim", "--agent-port", "0",
		"--http-port", "0", "--agent-tls-port", "0", "--tls-cert",
		"/nonexistent/tls.pem", NULL,
	};
	int fd = mkstemp(path);

	(void)state;
	assert_int_equal(itest_run(args, out, sizeof(out), 10000), 1);
	assert_non_null(strstr(out, "TLS certificate /nonexistent/tls.pem: "
			       "No such file or directory"));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not a certificate\n", 18), 18);
	close(fd);
	args[11] = path;
	assert_int_equal(itest_run(args, out, sizeof(out), 10000), 1);
	assert_non_null(strstr(out, "TLS certificate "));
	assert_non_null(strstr(out, path));
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest daemon_tests[] = {
		cmocka_unit_test(test_ready_line_and_log),
		cmocka_unit_test(test_agent_takes_a_call),
		cmocka_unit_test(test_sdk_over_tls),
		cmocka_unit_test(test_bad_clients_closed),
		cmocka_unit_test(test_https),
		cmocka_unit_test(test_wss_signin),
	};
	const struct CMUnitTest alone[] = {
		cmocka_unit_test(test_bad_certificate_refused),
	};
	int failed = cmocka_run_group_tests(daemon_tests, setup,
					    itest_daemon_teardown);

	return failed + cmocka_run_group_tests(alone, NULL, NULL);
}
