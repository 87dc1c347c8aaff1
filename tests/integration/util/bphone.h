/*
 * bphone.h — baresip as a headless SIP phone for integration tests
 * against the SIP switch (daemon_opts.sip). Needs the Debian package
 * baresip-core (`make deps`).
 *
 * Each phone is a `baresip -f DIR` process in its own temp dir
 * (/tmp/bphone-XXXXXX: config, accounts, baresip.log, rec/), on free
 * 127.0.0.1 ports (SIP over UDP, remote control, RTP), with one codec:
 * G.711 u-law, or A-law if asked.
 * It speaks a sine (or silence) and keeps what it hears, so a test tells
 * by frequency whom a phone hears.
 *
 *   struct bphone_opts o = {.user = "1882", .password = "1234",
 *                           .sip_port = d.sip_port, .hz = 1000,
 *                           .auto_answer = true};
 *   struct bphone *agent = bphone_start(&o);   // fails the test on error
 *   assert_true(bphone_wait_registered(agent, 5000));
 *
 *   struct bphone_opts c = {.user = "13800000001", .sip_port = d.sip_port,
 *                           .hz = 440};       // no password: a customer
 *   struct bphone *cust = bphone_start(&c);    // on the trunk (127.0.0.1)
 *   bphone_dial(cust, "4000");                 // sip:4000@127.0.0.1:<port>
 *   bphone_expect_event(cust, "CALL_ESTABLISHED");
 *
 *   bphone_listen(cust);                       // a window starts now
 *   double r = bphone_ratio(cust, 200, 800, 1000, (double[]){440}, 1);
 *   assert_true(r > 10);     // 1000 Hz dominates what it heard
 *
 *   bphone_stop(cust);       // always, also on failure (cmocka teardown);
 *   bphone_stop(agent);      // an atexit handler and the kernel
 *                            // (PR_SET_PDEATHSIG) kill forgotten ones
 *
 * Calls
 *   Registered phones (password set) register with the daemon's
 *   registrar (sip:<user>@127.0.0.1:<sip_port>). auto_answer answers
 *   every incoming call at once; otherwise the phone rings until
 *   bphone_accept() (wait for "CALL_INCOMING" first). baresip 1.0 ignores
 *   the auto-answer headers the switch sends, hence the option.
 *
 * Events (baresip's ctrl_tcp): "CALL_INCOMING", "CALL_RINGING",
 *   "CALL_ESTABLISHED", "CALL_CLOSED", "REGISTER_OK", ... Each is a JSON
 *   object with "type", "peeruri", "id" (Call-ID), "param". They queue
 *   from the start; bphone_wait_event() takes the first one of a type
 *   (others stay queued; bphone_drain() drops them all).
 *
 * What a phone heard
 *   The decoded audio of the phone's latest call (8 kHz mono), as it
 *   arrives. bphone_listen() opens a window; bphone_measure() waits until
 *   the phone has heard skip_ms + ms since (bounded: a phone whose audio
 *   stalled fails the test) and gives the Goertzel power (goertzel.h) of
 *   [skip_ms, skip_ms + ms) of the window at each frequency. Compare
 *   frequencies with each other (bphone_ratio), not against a level.
 *   The switch sends nothing to a leg that hears nothing (e.g. an agent
 *   holding): check bphone_heard_ms() before measuring such a phone.
 *
 * Every wait is bounded; commands fail the test when baresip refuses or
 * does not answer within BPHONE_TIMEOUT_MS. Set ITEST_KEEP=1 to keep the
 * temp dirs.
 */
#ifndef BPHONE_H
#define BPHONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

enum { BPHONE_TIMEOUT_MS = 5000 };

struct bphone_opts {
	const char *user;        /* DN of a phone, or a customer's ANI */
	const char *password;    /* SIP password; NULL: no registration */
	uint16_t sip_port;       /* the daemon's SIP port (127.0.0.1); may be
				    0 without a password: a phone that is
				    only called (the gateway's far end) */
	double hz;               /* the tone it speaks; 0: silence */
	bool auto_answer;
	const char *codec;       /* "PCMU" (NULL) or "PCMA" */
	bool webrtc;             /* media as a browser's: ICE, DTLS-SRTP
				    and rtcp-mux (baresip's ice and
				    dtls_srtp modules; signalling stays
				    SIP over UDP: baresip 1.0 has no
				    WebSocket) */
	uint16_t tls_port;       /* SIP over TLS to this port of the daemon
				    (its "sips=") instead of UDP to
				    sip_port: registers, and dials, with
				    ;transport=tls */
	const char *cafile;      /* with tls_port: the CA it trusts (the
				    daemon's tls.pem) */
	bool srtp;               /* SRTP with SDES, compulsory: baresip's
				    srtp module, mediaenc=srtp-mand (a call
				    without it fails) */
};

struct bphone;

struct bphone *bphone_start(const struct bphone_opts *o);
void bphone_stop(struct bphone *p);          /* NULL is fine */
const char *bphone_dir(const struct bphone *p);
/* The port it takes SIP on (UDP, 127.0.0.1): for a daemon's gateway. */
uint16_t bphone_port(const struct bphone *p);

/* True once its registration succeeded (false after timeout_ms). */
bool bphone_wait_registered(struct bphone *p, int timeout_ms);

/* number: "4000" dials sip:4000@127.0.0.1:<sip_port> (sip_port must be
 * set); a "sip:" URI is dialled as it is. */
void bphone_dial(struct bphone *p, const char *number);
void bphone_accept(struct bphone *p);
void bphone_hangup(struct bphone *p);
/* RFC 4733 digits (0-9 * # A-D) in the current call. */
void bphone_send_dtmf(struct bphone *p, const char *digits);
/* Any ctrl_tcp command ("/help" lists them); returns the response object
 * (new reference: "ok", "data"), fails the test without one. */
json_t *bphone_command(struct bphone *p, const char *command,
		       const char *params);

/* The first queued or arriving event of that type (new reference), NULL
 * after timeout_ms. */
json_t *bphone_wait_event(struct bphone *p, const char *type,
			  int timeout_ms);
/* The same, failing the test after BPHONE_TIMEOUT_MS. */
void bphone_expect_event(struct bphone *p, const char *type);
void bphone_drain(struct bphone *p);

void bphone_listen(struct bphone *p);
void bphone_measure(struct bphone *p, unsigned skip_ms, unsigned ms,
		    const double *hz, size_t n, double *power);
/* How much the phone heard since bphone_listen, in ms, without waiting
 * (a phone the switch sends nothing hears nothing). */
unsigned bphone_heard_ms(struct bphone *p);
/* bphone_measure at want and at others[0..n): the power at want over
 * the strongest of the others (INFINITY if they are all 0; 0 if want
 * is 0). */
double bphone_ratio(struct bphone *p, unsigned skip_ms, unsigned ms,
		    double want, const double *others, size_t n);

#endif
