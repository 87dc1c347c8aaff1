/*
 * tls_test.c — the SDK on tls:// servers (docs/agentbar-c.md, "TLS to the
 * CTI server"): the fake server speaks TLS with certificates made here
 * (fake_tls.h), and the bar must sign in and work with TLSCAFile or a
 * TLSFingerprint, fail over from a server it refuses (a wrong pin, an
 * unknown CA, another host's name) as from an unreachable one, give up
 * on a plain server within TimeOut (or at UnInitial, in a reconnect),
 * carry bursts larger than the sockets' buffers both ways, read tls://
 * addresses (port 10443 unless given), and refuse malformed addresses
 * and fingerprints with a reason.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fake_server.h"
#include "fake_tls.h"
#include "../../lib/agentbar/conn.h"
#include "../../lib/agentbar/timers.h"

struct ctx {
	char dir[64];
	/* good: localhost and 127.0.0.1; other: the same names, another
	 * key (an unknown CA); elsewhere: another host's names */
	struct tls_cert good, other, elsewhere;
	struct fake fakes[2];   /* started in this order, stopped at the end */
	int nfakes;
	struct fake *main, *back;
	struct recorder r;
	AgentBar *bar;
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	snprintf(c->dir, sizeof(c->dir), "/tmp/agentbar-tls-XXXXXX");
	if (!mkdtemp(c->dir) ||
	    tls_cert_make(c->dir, "good", "DNS:localhost,IP:127.0.0.1",
			  &c->good) ||
	    tls_cert_make(c->dir, "other", "DNS:localhost,IP:127.0.0.1",
			  &c->other) ||
	    tls_cert_make(c->dir, "elsewhere", "DNS:cti.example,IP:10.0.0.9",
			  &c->elsewhere))
		return -1;
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	ab_Destroy(c->bar);
	for (int i = 0; i < c->nfakes; i++)
		fake_stop(&c->fakes[i]);
	if (c->bar)
		rec_free(&c->r);
	tls_cert_free(&c->good);
	tls_cert_free(&c->other);
	tls_cert_free(&c->elsewhere);
	rmdir(c->dir);
	free(c);
	return 0;
}

/* The next fake: TLS with cert's context, or plain without. */
static struct fake *start_fake(struct ctx *c, const struct tls_cert *cert)
{
	struct fake *f = &c->fakes[c->nfakes];

	assert_int_equal(fake_start_tls(f, 0, cert ? cert->server : NULL), 0);
	c->nfakes++;
	return f;
}

/* The main fake and a bar on it. */
static void start_main(struct ctx *c, const struct tls_cert *cert)
{
	c->main = start_fake(c, cert);
	c->bar = bar_for(c->main, &c->r);
	assert_non_null(c->bar);
}

static void set_server(AgentBar *bar, const char *prop, const char *host,
		       int port)
{
	char spec[128];

	snprintf(spec, sizeof(spec), "tls://%s:%d", host, port);
	assert_int_equal(ab_SetProperty(bar, prop, spec), ArSuccess);
}

static void prop(AgentBar *bar, const char *name, const char *value)
{
	assert_int_equal(ab_SetProperty(bar, name, value), ArSuccess);
}

/* methods_test's round: signed in, an event in, a method out, a query
 * answered, all through the session */
static void works(struct ctx *c, struct fake *f)
{
	char *s;

	fake_always(f, "GetRestReason", json_pack("{s:{s:i, s:s}}", "result",
		    "code", 0, "data", "午饭;培训"));
	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	assert_int_equal(ab_SignIn(c->bar), ArSuccess);
	fake_state_event(f, AsAlertingState, CeInboundCallNormalCall, "c1",
			 "13800", CerSuccess);
	assert_true(rec_wait(&c->r, 1));
	assert_string_equal(rec_name(&c->r, 0), "OnAlerting");
	assert_int_equal(ab_Answer(c->bar), ArSuccess);
	s = ab_GetRestReason(c->bar);
	assert_string_equal(s, "午饭;培训");
	ab_FreeString(s);
	assert_int_equal(fake_count(f, "Answer"), 1);
	assert_int_equal(ab_UnInitial(c->bar), ArSuccess);
}

static void test_ca_file(void **state)
{
	struct ctx *c = *state;

	start_main(c, &c->good);
	set_server(c->bar, "MainCTIIP", "127.0.0.1", c->main->port);
	prop(c->bar, "TLSCAFile", c->good.cert);
	works(c, c->main);
	/* by name: localhost is in the certificate too */
	set_server(c->bar, "MainCTIIP", "localhost", c->main->port);
	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	assert_int_equal(ab_SignIn(c->bar), ArSuccess);
	assert_int_equal(c->main->refused, 0);
}

static void test_fingerprint(void **state)
{
	struct ctx *c = *state;
	char lower[100];
	size_t n = 0;

	/* lower case without colons: the same pin */
	for (const char *p = c->good.fingerprint; *p; p++) {
		if (*p != ':')
			lower[n++] = (char)tolower((unsigned char)*p);
	}
	lower[n] = 0;
	start_main(c, &c->good);
	set_server(c->bar, "MainCTIIP", "127.0.0.1", c->main->port);
	prop(c->bar, "TLSFingerprint", lower);
	/* the pin alone decides: a CA file that would refuse is not asked */
	prop(c->bar, "TLSCAFile", c->other.cert);
	works(c, c->main);
}

/* The bar on main, then back, verified by the property `how`, signed in
 * (the reconnect pauses short). */
static void pair_signed_in(struct ctx *c, const char *how, const char *value)
{
	abi_set_timers(c->bar, 10000, 3, 20, 100);
	set_server(c->bar, "MainCTIIP", "127.0.0.1", c->main->port);
	set_server(c->bar, "BackCTIIP", "127.0.0.1", c->back->port);
	prop(c->bar, how, value);
	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	assert_int_equal(ab_SignIn(c->bar), ArSuccess);
}

/* Main shows another certificate than the pinned one: refused, and the
 * bar is on the backup, at Initial and again after losing it. */
static void test_wrong_fingerprint_fails_over(void **state)
{
	struct ctx *c = *state;

	start_main(c, &c->other);
	c->back = start_fake(c, &c->good);
	pair_signed_in(c, "TLSFingerprint", c->good.fingerprint);
	assert_true(fake_wait_count(c->main, &c->main->refused, 1));
	assert_int_equal(c->main->connections, 0);
	assert_int_equal(fake_count(c->back, "SignIn"), 1);

	/* the I/O thread's reconnect refuses main the same way */
	fake_drop(c->back);
	assert_true(rec_wait(&c->r, 2));
	assert_string_equal(rec_name(&c->r, 0), "OnCTIDisconnect");
	assert_string_equal(rec_name(&c->r, 1), "OnMasterChanged");
	assert_int_equal(rec_int(&c->r, 1, "reason"),
			 EVENTREASON_ACD_RELOGINSUCCESS);
	assert_true(fake_wait_count(c->main, &c->main->refused, 2));
	assert_int_equal(c->main->connections, 0);
	assert_int_equal(fake_count(c->back, "SignIn"), 2);
	assert_int_equal(fake_count(c->main, "SignIn"), 0);
}

/* A refusal as an unreachable server: Initial fails, the fake saw the
 * handshake fail and no request. */
static void assert_refused(struct ctx *c)
{
	assert_int_equal(ab_Initial(c->bar),
			 AGENTBARERROR_BGCC_CLIENTPROXYFAIL);
	assert_int_equal(ab_GetIsInitial(c->bar), 0);
	assert_true(fake_wait_count(c->main, &c->main->refused, 1));
	assert_int_equal(c->main->connections, 0);
}

static void test_unknown_ca(void **state)
{
	struct ctx *c = *state;

	start_main(c, &c->good);
	set_server(c->bar, "MainCTIIP", "127.0.0.1", c->main->port);
	prop(c->bar, "TLSCAFile", c->other.cert);
	assert_refused(c);
}

static void test_other_host(void **state)
{
	struct ctx *c = *state;

	start_main(c, &c->elsewhere);
	prop(c->bar, "TLSCAFile", c->elsewhere.cert);
	set_server(c->bar, "MainCTIIP", "127.0.0.1", c->main->port);
	assert_refused(c);
	set_server(c->bar, "MainCTIIP", "localhost", c->main->port);
	assert_int_equal(ab_Initial(c->bar),
			 AGENTBARERROR_BGCC_CLIENTPROXYFAIL);
	assert_true(fake_wait_count(c->main, &c->main->refused, 2));
}

/* A plain server never answers the handshake: no hang past TimeOut. */
static void test_plain_server(void **state)
{
	struct ctx *c = *state;

	start_main(c, NULL);
	set_server(c->bar, "MainCTIIP", "127.0.0.1", c->main->port);
	prop(c->bar, "TLSCAFile", c->good.cert);
	ab_SetTimeOut(c->bar, 300);
	assert_int_equal(ab_Initial(c->bar),
			 AGENTBARERROR_BGCC_CLIENTPROXYFAIL);
	assert_int_equal(fake_count(c->main, "SignIn"), 0);
}

/* UnInitial while the I/O thread waits for a reconnect's handshake (the
 * back is plain: it would wait until TimeOut): the wake-up ends it. */
static void test_uninitial_cuts_handshake(void **state)
{
	struct ctx *c = *state;

	/* the back first, so that main is the last fake, stopped below */
	c->back = start_fake(c, NULL);
	start_main(c, &c->good);
	pair_signed_in(c, "TLSCAFile", c->good.cert);
	/* main goes away for good: the bar's next try is the back */
	fake_stop(c->main);
	c->nfakes--;
	assert_true(fake_wait_connections(c->back, 1));
	assert_int_equal(ab_UnInitial(c->bar), ArSuccess);
	assert_int_equal(ab_GetIsInitial(c->bar), 0);
	assert_int_equal(fake_count(c->back, "SignIn"), 0);
}

/* ---- bursts larger than the sockets' buffers --------------------------- */

enum { BURST_EVENTS = 600, BIG_DATA = 60000, WRITERS = 16 };

static void *write_big(void *arg)
{
	AgentBar *bar = arg;
	char *data = malloc(BIG_DATA + 1);
	intptr_t rc = -1;

	if (data) {
		memset(data, 'd', BIG_DATA);
		data[BIG_DATA] = 0;
		rc = ab_SetCallData(bar, "big", data);
		free(data);
	}
	return (void *)rc;
}

static void test_burst(void **state)
{
	struct ctx *c = *state;
	int small = 4096;
	char name[3000];
	pthread_t writers[WRITERS];
	json_t *p;

	start_main(c, &c->good);
	/* small buffers make writes partial and records arrive in pieces */
	setsockopt(c->main->lfd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	setsockopt(c->main->lfd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	set_server(c->bar, "MainCTIIP", "127.0.0.1", c->main->port);
	prop(c->bar, "TLSFingerprint", c->good.fingerprint);
	assert_int_equal(ab_Initial(c->bar), ArSuccess);
	assert_int_equal(ab_SignIn(c->bar), ArSuccess);
	/* the bar's side too (the socket stays while the link is up) */
	setsockopt(c->bar->conn.fd, SOL_SOCKET, SO_SNDBUF, &small,
		   sizeof(small));

	/* the writers' lines back up in the bar until the fake reads again
	 * (the pause only makes that likely: nothing depends on it) */
	fake_hold(c->main, true);
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_create(&writers[i], NULL, write_big,
						c->bar), 0);
	usleep(200 * 1000);
	fake_hold(c->main, false);
	memset(name, 'f', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	for (int i = 0; i < BURST_EVENTS; i++) {
		snprintf(name, 16, "r%05d", i);
		name[6] = 'f';
		fake_event(c->main, "OnBeginRecord", json_pack(
			"{s:s, s:I, s:s, s:i, s:I}", "callID", "c1",
			"contactID", (json_int_t)i, "filename", name,
			"reason", 0, "timestamp", (json_int_t)1));
	}
	for (int i = 0; i < WRITERS; i++) {
		void *rc;

		assert_int_equal(pthread_join(writers[i], &rc), 0);
		assert_int_equal((intptr_t)rc, ArSuccess);
	}
	assert_true(rec_wait(&c->r, BURST_EVENTS));
	for (int i = 0; i < BURST_EVENTS; i++) {
		assert_string_equal(rec_name(&c->r, i), "OnBeginRecord");
		assert_int_equal(rec_int(&c->r, i, "contactID"), i);
	}
	for (int i = 1; i <= WRITERS; i++) {
		p = fake_wait(c->main, "SetCallData", i);
		assert_int_equal(strlen(json_string_value(json_object_get(p,
				 "CallData"))), BIG_DATA);
		json_decref(p);
	}
}

/* ---- bad input ----------------------------------------------------------- */

/* stderr (the SDK's log) into a file while fn runs; its text in buf */
static void capture(void (*fn)(struct ctx *), struct ctx *c, char *buf,
		    size_t size)
{
	FILE *tmp = tmpfile();
	int saved = dup(2);
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	fn(c);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, size - 1, tmp);
	buf[n] = 0;
	fclose(tmp);
}

static void initial_fails(struct ctx *c)
{
	assert_int_equal(ab_Initial(c->bar),
			 AGENTBARERROR_BGCC_CLIENTPROXYFAIL);
}

static void test_bad_addresses(void **state)
{
	static const char *bad[] = {
		"tls://", "tls://:10443", "tls://[::1", "tls://[::1]x",
		"tls://127.0.0.1:0", "tls://127.0.0.1:65536",
		"tls://127.0.0.1:port", "tls://127.0.0.1/", "tls:// x",
		"tls://tls://127.0.0.1", "ssl://127.0.0.1",
	};
	static const char *good[][2] = {
		{"tls://[::1]:1", "::1:1"}, {"TLS://127.0.0.1:1", "127.0.0.1:1"},
	};
	struct ctx *c = *state;
	char log[4096], want[128];

	start_main(c, &c->good);
	prop(c->bar, "LogLevel", "0");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		prop(c->bar, "MainCTIIP", bad[i]);
		capture(initial_fails, c, log, sizeof(log));
		snprintf(want, sizeof(want), "MainCTIIP \"%s\" is not host",
			 bad[i]);
		if (!strstr(log, want))
			fail_msg("%s: no \"%s\" in the log: %s", bad[i], want,
				 log);
	}
	/* good ones, to no server: what is tried says how they were read */
	prop(c->bar, "LogLevel", "1");
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		prop(c->bar, "MainCTIIP", good[i][0]);
		capture(initial_fails, c, log, sizeof(log));
		snprintf(want, sizeof(want), "cannot connect to %s",
			 good[i][1]);
		if (!strstr(log, want))
			fail_msg("%s: no \"%s\" in the log: %s", good[i][0],
				 want, log);
	}
	prop(c->bar, "LogLevel", "0");
	/* without a port: 10443 for tls://, CTIPort for plain */
	prop(c->bar, "MainCTIIP", "tls://cti.example");
	prop(c->bar, "BackCTIIP", "cti.example");
	prop(c->bar, "CTIPort", "10001");
	assert_int_equal(abi_addr_load(c->bar), 2);
	assert_true(c->bar->conn.server[0].tls);
	assert_int_equal(c->bar->conn.server[0].port, 10443);
	assert_false(c->bar->conn.server[1].tls);
	assert_int_equal(c->bar->conn.server[1].port, 10001);
	abi_addr_free(&c->bar->conn);
	prop(c->bar, "BackCTIIP", "");
	/* a CA file that is not one */
	set_server(c->bar, "MainCTIIP", "127.0.0.1", c->main->port);
	prop(c->bar, "TLSCAFile", c->good.key);
	capture(initial_fails, c, log, sizeof(log));
	assert_non_null(strstr(log, "TLSCAFile: no CA certificate read"));
	prop(c->bar, "TLSCAFile", "/nonexistent/ca.pem");
	capture(initial_fails, c, log, sizeof(log));
	assert_non_null(strstr(log, "TLSCAFile: no CA certificate read"));
	assert_int_equal(fake_count(c->main, "SignIn"), 0);
}

static void test_bad_fingerprints(void **state)
{
	struct ctx *c = *state;
	const char *fp = c->good.fingerprint;
	char buf[200], s[200];
	const char *bad[] = {"zz", "AB:CD", s, buf};
	static const char *const around[] = {"%s:", ":%s", " %s", "AB%s",
					     "G0:%s"};

	start_main(c, &c->good);
	prop(c->bar, "TLSFingerprint", fp);
	/* s: a digit short; buf: a byte too many */
	snprintf(s, sizeof(s), "%.*s", (int)strlen(fp) - 1, fp);
	snprintf(buf, sizeof(buf), "%s:00", fp);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(ab_SetProperty(c->bar, "TLSFingerprint",
						bad[i]), ArInvalidParam);
	/* around the good one: a trailing colon, a leading one, a space, the
	 * colon after the first byte missing, a first digit not hex */
	for (size_t i = 0; i < sizeof(around) / sizeof(around[0]); i++) {
		snprintf(s, sizeof(s), around[i], fp + (i < 3 ? 0 : 3));
		assert_int_equal(ab_SetProperty(c->bar, "TLSFingerprint", s),
				 ArInvalidParam);
	}
	/* the good one stayed */
	assert_int_equal(ab_GetProperty(c->bar, "TLSFingerprint", buf,
					sizeof(buf)), ArSuccess);
	assert_string_equal(buf, fp);
	/* "" takes the pin away */
	prop(c->bar, "TLSFingerprint", "");
	assert_int_equal(ab_GetProperty(c->bar, "tlsfingerprint", buf,
					sizeof(buf)), ArSuccess);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ca_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_wrong_fingerprint_fails_over, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_ca, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_other_host, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_plain_server, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_uninitial_cuts_handshake,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_burst, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_addresses, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_fingerprints, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
