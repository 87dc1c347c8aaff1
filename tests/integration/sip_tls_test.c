/*
 * sip_tls_test.c — SIP over TLS and SRTP with SDES through the SIP switch,
 * with real phones: baresip (bphone.h) registers over TLS to the daemon's
 * "sips=" port, trusting the daemon's generated tls.pem, and does
 * compulsory SRTP (baresip's srtp module, mediaenc=srtp-mand: a call
 * without a=crypto fails on its side). Each phone speaks its own tone and
 * what each hears is told apart by frequency (Goertzel).
 *
 * That the media was encrypted both ways is shown by the phones' own
 * SRTP: a srtp-mand phone sends only SRTP and decodes only what passes
 * its SRTP check, so its tone reaching the other side through the mixer
 * means the switch decrypted it, and the other's tone reaching it means
 * the switch encrypted it with the key it answered; its log names the
 * suite the switch's a=crypto line chose.
 *
 * Cast: agent X 2002 on DN 1882 (1000 Hz, skill 示例: calls to 4000 reach
 * it; its phone answers by itself) over TLS with SRTP; the customer
 * 13800000001 (440 Hz) from the trunk over UDP, plain, or over TLS with
 * SRTP; DN 1883 (1500 Hz) over TLS without SRTP, which the switch cannot
 * call: it offers SRTP to every phone on TLS.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "agentbar.h"
#include "bphone.h"
#include "itest.h"

#define CUSTOMER "13800000001"

enum {
	SETTLE_MS = 300,
	WINDOW_MS = 800,
	RATIO = 10,
	HZ_C = 440,
	HZ_X = 1000,
	HZ_Y = 1500,
};

static struct daemon D;
static char cafile[160];

static int setup(void **state)
{
	static const char *const args[] = {"--sip-tls-port", "0", NULL};
	static const struct daemon_opts o = {.sip = true, .log_level = 3,
					     .extra_args = args};
	(void)state;

	daemon_start(&D, &o);
	assert_int_not_equal(D.sips_port, 0);
	snprintf(cafile, sizeof(cafile), "%s/tls.pem", D.dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	daemon_stop(&D);
	daemon_cleanup(&D);
	return 0;
}

static struct bphone *tls_phone(const char *user, const char *password,
				double hz, bool srtp)
{
	struct bphone_opts o = {.user = user, .password = password,
				.tls_port = D.sips_port, .cafile = cafile,
				.hz = hz, .auto_answer = true, .srtp = srtp};
	struct bphone *p = bphone_start(&o);

	if (password && !bphone_wait_registered(p, BPHONE_TIMEOUT_MS))
		fail_msg("%s did not register over TLS", user);
	return p;
}

static struct bphone *udp_customer(void)
{
	struct bphone_opts o = {.user = CUSTOMER, .sip_port = D.sip_port,
				.hz = HZ_C};

	return bphone_start(&o);
}

static struct rc *agent(const char *id, const char *dn)
{
	struct rc *c = rc_connect(D.agent_port);

	assert_int_equal(itest_signin(c, id, dn, "示例=1"), ArSuccess);
	itest_expect_drop(c, "OnReady", CerIdleSelfLogin);
	return c;
}

/* p hears want, RATIO above the other tone. */
static void hears(struct bphone *p, const char *who, double want,
		  double other)
{
	double r = bphone_ratio(p, SETTLE_MS, WINDOW_MS, want,
				(double[]){other}, 1);

	if (!(r > RATIO))
		fail_msg("%s: %.0f Hz over %.0f Hz only %.3g", who, want, other,
			 r);
}

/* The customer calls 4000, X's phone answers; both hear each other. */
static void talk(struct bphone *c, struct bphone *x, struct rc *ax)
{
	bphone_dial(c, "4000");
	itest_expect_drop(ax, "OnConnected", CerTalkOtherCreat);
	bphone_expect_event(c, "CALL_ESTABLISHED");
	bphone_expect_event(x, "CALL_ESTABLISHED");
	bphone_listen(c);
	bphone_listen(x);
	hears(c, "customer", HZ_X, HZ_C);
	hears(x, "X", HZ_C, HZ_X);
	bphone_hangup(c);
	bphone_expect_event(c, "CALL_CLOSED");
	bphone_expect_event(x, "CALL_CLOSED");
	itest_expect_drop(ax, "OnReady", CerIdleNormalOtherHangup);
}

static void srtp_in_log(struct bphone *p, const char *who)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/baresip.log", bphone_dir(p));
	if (!itest_file_contains(path, "SRTP is Enabled (cryptosuite="
				       "AES_CM_128_HMAC_SHA1_80)"))
		fail_msg("%s: baresip did not do SRTP", who);
}

/* Whether a TCP connection to port of 127.0.0.1 is established: a row
 * of /proc/net/tcp whose local end is that port, in state 01. */
static bool connected_to(uint16_t port)
{
	FILE *f = fopen("/proc/net/tcp", "r");
	char line[256];
	bool found = false;

	assert_non_null(f);
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned lport, state;

		if (sscanf(line, " %*u: %*x:%x %*x:%*x %x", &lport,
			   &state) == 2)
			found = lport == port && state == 1;
	}
	fclose(f);
	return found;
}

/* X, on TLS with SRTP, takes a call from c; both hear each other, and
 * c did SRTP if it was to. Everything the switch sent X (the INVITE, the
 * ACK, the BYE) went over X's own connection: nobody ever connected to
 * X's TLS listener (baresip 1.0: its SIP port + 1), the Contact it
 * registered. (baresip's 2xx names its connection's own address as
 * Contact, so the dialog would stay on it even without sip_flow.c's
 * target: tests/unit/sip_tls_flow_test.c plays a phone naming its
 * listener.) Both phones are stopped. */
static void x_takes_call(struct bphone *c, bool c_srtp)
{
	struct bphone *x = tls_phone("1882", "1234", HZ_X, true);
	struct rc *ax = agent("2002", "1882");

	talk(c, x, ax);
	assert_false(connected_to((uint16_t)(bphone_port(x) + 1)));
	srtp_in_log(x, "X");
	if (c_srtp)
		srtp_in_log(c, "customer");
	rc_close(ax);
	bphone_stop(c);
	bphone_stop(x);
}

/* A customer over UDP, plain, talks with an agent on TLS and SRTP. */
static void udp_customer_tls_agent(void **state)
{
	(void)state;
	x_takes_call(udp_customer(), false);
	/* the agent's keys went over TLS: no warning about them */
	assert_false(daemon_log_contains(&D, "readable on the way"));
}

/* Both on TLS with SRTP: each leg has its own keys. */
static void tls_customer_tls_agent(void **state)
{
	(void)state;
	x_takes_call(tls_phone(CUSTOMER, NULL, HZ_C, true), true);
}

/* A customer offering SRTP over UDP is answered (keys in the clear:
 * the log says so). */
static void srtp_over_udp_warned(void **state)
{
	struct bphone_opts o = {.user = CUSTOMER, .sip_port = D.sip_port,
				.hz = HZ_C, .srtp = true};
	(void)state;

	x_takes_call(bphone_start(&o), true);
	assert_true(daemon_log_contains(&D, "SRTP keys came over UDP"));
}

/* A phone on TLS that does not do SRTP refuses our SRTP offer (baresip:
 * 488, no common codecs): the call to it fails like a phone that cannot
 * take it, and its agent is made busy. */
static void tls_phone_without_srtp(void **state)
{
	struct bphone *y = tls_phone("1883", "1234", HZ_Y, false);
	struct bphone *c = udp_customer();
	struct rc *ay = agent("2002", "1883");
	(void)state;

	bphone_dial(c, "4000");
	itest_expect_drop(ay, "OnBusy", CerCallDestUnknown);
	bphone_hangup(c);
	rc_close(ay);
	bphone_stop(c);
	bphone_stop(y);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(udp_customer_tls_agent),
		T(tls_customer_tls_agent),
		T(srtp_over_udp_warned),
		T(tls_phone_without_srtp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
