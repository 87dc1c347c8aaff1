/*
 * sipp.h — running sipp, the SIP traffic tool (Debian sip-tester), as a
 * phone or a customer against the daemon's SIP switch in integration
 * tests. Scenarios are the XML files of tests/sipp/.
 *
 *   struct sipp_opts o = {.scenario = "customer_talks.xml",
 *                         .remote_port = d.sip_port, .service = "4000"};
 *   struct sipp s;
 *   sipp_start(&s, &o);           // fails the test if sipp cannot start
 *   ...
 *   assert_int_equal(sipp_wait(&s), 0);   // 0: every call as scripted
 *
 * Each sipp runs in its own temp dir (/tmp/sipp-XXXXXX) with its
 * messages.log (every SIP message it sent and received), errors.log and
 * out.log (its final statistics screen); when it exits non-zero,
 * sipp_wait prints their tails. It always gets -m 1 (one call, then exit)
 * and -timeout (o.timeout_s, default 15 s), and sipp_wait waits at most
 * 5 s longer before killing it. A sipp that acts as a phone (no
 * remote_port) is waited for until its SIP port is bound, so a call can be
 * routed to it right after sipp_start.
 *
 * Every sipp started is remembered until it is reaped: a test's teardown
 * calls sipp_kill_all(), so none survives a failed test; each also dies
 * with the test process (PR_SET_PDEATHSIG).
 */
#ifndef ITEST_SIPP_H
#define ITEST_SIPP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct sipp_opts {
	const char *scenario;     /* file name in tests/sipp/ */
	uint16_t remote_port;     /* 127.0.0.1:remote_port; 0: a phone that
				     waits for calls */
	const char *local_ip;     /* -i (and its source address); default
				     127.0.0.1 */
	uint16_t port;            /* -p; 0: a free port is probed */
	bool tcp;                 /* -t t1 instead of UDP */
	const char *service;      /* -s: [service], the user part */
	const char *user;         /* -au: digest user name */
	const char *password;     /* -ap */
	int timeout_s;            /* -timeout; default 15 */
	const char *expires;      /* register.xml's Expires (-set expires;
				     required there, "0" unregisters) */
	const char *ani;          /* the customer's number, of scenarios
				     that take one (-set ani) */
};

struct sipp {
	pid_t pid;                /* 0 once reaped */
	int status;               /* exit status once reaped, else -1 */
	uint16_t port;            /* its SIP port */
	uint16_t media_port;      /* its RTP port (-mp) */
	int timeout_s;
	int successful, failed;   /* calls, from its final statistics */
	char dir[64];
	char scenario[64];
};

void sipp_start(struct sipp *s, const struct sipp_opts *o);
/* Waits until it exits: its exit status (0 all calls successful, 1 some
 * failed, 255 fatal error, -1 killed at the deadline). */
int  sipp_wait(struct sipp *s);
/* Still running? Reaps it (as sipp_wait) if it has exited. */
bool sipp_running(struct sipp *s);
/* sipp_start + sipp_wait. */
int  sipp_run(const struct sipp_opts *o);
/* Does its message log contain needle (e.g. "SIP/2.0 487")? */
bool sipp_log_contains(const struct sipp *s, const char *needle);
/* Kills every sipp not reaped yet and removes every temp dir. */
void sipp_kill_all(void);

/* A port of 127.0.0.1 free for UDP (and TCP when tcp) right now; with
 * span > 1, ports port..port+span-1 all are. Fails the test if none. */
uint16_t itest_free_port(bool tcp, int span);
/* A port of 127.0.0.1 free right now below the kernel's ephemeral range,
 * which no bind to port 0 (a sipp's media, another test on the machine)
 * is given meanwhile: for a phone that registers from it and listens on
 * it next, or again after a call (itest_free_port otherwise). */
uint16_t itest_steady_port(bool tcp);

#endif
